/**
 * How you look at the plane: which background, and requests to the plane (reset, zoom) that the
 * Pixi scene picks up. Local to this browser tab.
 */
import { createStore } from 'zustand/vanilla';

export const BACKGROUNDS = ['scatter', 'manifold', 'both', 'regions'] as const;
export type Background = (typeof BACKGROUNDS)[number];

export interface ViewState {
  background: Background;
  /** Bumped to ask the plane to fit the room's bounds again. */
  resetRequest: number;
  /** A zoom the plane should apply about its centre (1.25 in, 0.8 out), consumed by the plane. */
  zoomRequest: { factor: number; n: number } | null;
  /** A student's own place on the training timeline while the host allows it; null: follow the room. */
  ownTimeline: number | null;
  setOwnTimeline(position: number | null): void;
  setBackground(b: Background): void;
  requestReset(): void;
  requestZoom(factor: number): void;
}

export type ViewStore = ReturnType<typeof createViewStore>;

export function createViewStore(background: Background = 'scatter') {
  return createStore<ViewState>()((set) => ({
    background,
    resetRequest: 0,
    zoomRequest: null,
    ownTimeline: null,
    setOwnTimeline: (ownTimeline) => set({ ownTimeline }),
    setBackground: (b) => set({ background: b }),
    requestReset: () => set((s) => ({ resetRequest: s.resetRequest + 1 })),
    requestZoom: (factor) => set((s) => ({ zoomRequest: { factor, n: (s.zoomRequest?.n ?? 0) + 1 } })),
  }));
}
