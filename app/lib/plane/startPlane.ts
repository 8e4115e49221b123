/**
 * Starts the Pixi latent plane inside a host element. Only ever imported dynamically from the
 * LatentPlane component's effect, so Pixi never loads during server rendering. The caller owns
 * the returned handle and must not destroy before this promise resolved (StrictMode).
 *
 * The plane draws only when something changed (a frame arrived, your cursor or the view moved,
 * a cursor is still easing): an idle room costs no GPU time, which phones and software
 * renderers notice.
 */
import { Application } from 'pixi.js';
import type { RoomStore } from '../../stores/roomStore';
import type { ViewStore } from '../../stores/viewStore';
import type { EmbeddingLoader } from '../embeddingLoader';
import type { FrameStore } from '../frameStore';
import type { LocalCursor } from '../localCursor';
import { zoomAt, type Bounds } from '../viewTransform';
import { attachPlaneInput } from './planeInput';
import { createPlaneScene } from './planeScene';

export interface PlaneDeps {
  host: HTMLElement;
  roomStore: RoomStore;
  viewStore: ViewStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  /** Problems worth telling the user (model loading, ...), or null when resolved. */
  onStatus(text: string | null): void;
  /** Size of other people's cursors and labels (1 normal; larger for the back row). */
  cursorScale?: number;
  /** The page's shared embedding downloads (started before Pixi); the plane fetches its own without. */
  embeddings?: EmbeddingLoader;
  /** The z rectangle to show first (remembered across a reload); the digits are fitted without. */
  initialRegion?: Bounds | null;
  /** The z rectangle in view after the person zoomed or panned (a few times a second at most). */
  onRegion?(region: Bounds): void;
  /** Called once, when the plane has drawn the digits for the first time. */
  onDrawn?(): void;
}

export interface PlaneHandle {
  destroy(): void;
}

export async function startPlane(deps: PlaneDeps): Promise<PlaneHandle> {
  const app = new Application();
  await app.init({
    resizeTo: deps.host,
    background: 0xfbfbf8,
    // MSAA smooths the dots on ordinary screens (projectors included); on dense phone screens it
    // costs GPU time for no visible gain.
    antialias: (window.devicePixelRatio || 1) < 2,
    autoDensity: true,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    preference: 'webgl',
    // Our own loop below decides when to render.
    autoStart: false,
  });
  performance.mark('plane:pixi-ready');
  deps.host.appendChild(app.canvas);
  const scene = createPlaneScene(app, deps);
  const { roomStore, viewStore, localCursor, host } = deps;

  const detachInput = attachPlaneInput(host, {
    getView: scene.getView,
    setView: scene.setView,
    canSteer: () => {
      const s = roomStore.getState();
      return !(s.room?.frozen && !s.you?.host);
    },
    steer: (z) => localCursor.set(z),
    step: (dx, dy) => localCursor.step(dx, dy),
    reset: scene.reset,
  });
  const unsubscribeView = viewStore.subscribe((s, prev) => {
    if (s.background !== prev.background) scene.applyBackground();
    if (s.resetRequest !== prev.resetRequest) scene.reset();
    if (s.zoomRequest && s.zoomRequest !== prev.zoomRequest) {
      const v = scene.getView();
      scene.setView(zoomAt(v, v.width / 2, v.height / 2, s.zoomRequest.factor));
    }
  });
  const resizeObserver = new ResizeObserver(() => app.resize());
  resizeObserver.observe(host);

  let raf = 0;
  let last = performance.now();
  const loop = (now: number) => {
    if (scene.frame(now - last)) app.render();
    last = now;
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);

  return {
    destroy() {
      cancelAnimationFrame(raf);
      resizeObserver.disconnect();
      unsubscribeView();
      detachInput();
      scene.destroy();
      app.destroy({ removeView: true }, { children: true });
    },
  };
}
