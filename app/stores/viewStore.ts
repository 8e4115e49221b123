/**
 * How you look at the plane: which background, and requests to the plane (reset, zoom) that the
 * Pixi scene picks up; whether you follow the teacher's view or someone's cursor, and the region
 * in view (which a leading host sends to the class). Local to this browser tab.
 */
import { createStore } from 'zustand/vanilla';
import type { LatentBounds } from '../../shared/latent';

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
  /** False once you stepped out of following the teacher (until the teacher leads again). */
  followTeacher: boolean;
  /** The cursor whose position the view keeps centred (a presence avatar was clicked), or null. */
  followCursor: number | null;
  /** The z rectangle in view, published by the plane a few times a second at most. */
  region: LatentBounds | null;
  setBackground(b: Background): void;
  setFollowTeacher(on: boolean): void;
  setFollowCursor(id: number | null): void;
  setRegion(region: LatentBounds): void;
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
    followTeacher: true,
    followCursor: null,
    region: null,
    setBackground: (b) => set({ background: b }),
    setFollowTeacher: (followTeacher) => set(followTeacher ? { followTeacher, followCursor: null } : { followTeacher }),
    setFollowCursor: (followCursor) => set({ followCursor }),
    setRegion: (region) => set({ region }),
    requestReset: () => set((s) => ({ resetRequest: s.resetRequest + 1 })),
    requestZoom: (factor) => set((s) => ({ zoomRequest: { factor, n: (s.zoomRequest?.n ?? 0) + 1 } })),
  }));
}
