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
import { pickDrawing } from '../drawingList';
import { worldToScreen, zoomAt } from '../viewTransform';
import { PIN_PX } from './drawingLayer';
import { attachPlaneInput } from './planeInput';
import { createPlaneScene, type PlaneDeps } from './planeScene';

export type { PlaneDeps };

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

  // Zooming or panning yourself steps out of following the teacher or a person.
  const stopFollowing = () => {
    const v = viewStore.getState();
    if (v.followTeacher && roomStore.getState().room?.follow) v.setFollowTeacher(false);
    if (v.followCursor !== null) v.setFollowCursor(null);
  };
  const detachInput = attachPlaneInput(host, {
    getView: scene.getView,
    setView: (v) => {
      stopFollowing();
      scene.setView(v);
    },
    canSteer: () => {
      const s = roomStore.getState();
      if (s.you?.viewer) return false;
      return s.you?.host === true || !(s.room?.frozen || s.room?.paused);
    },
    steer: (z) => localCursor.set(z),
    step: (dx, dy) => localCursor.step(dx, dy),
    reset: () => {
      stopFollowing();
      scene.reset();
    },
  });
  const unsubscribeView = viewStore.subscribe((s, prev) => {
    if (s.background !== prev.background) scene.applyBackground();
    if (s.resetRequest !== prev.resetRequest) {
      stopFollowing();
      scene.reset();
    }
    if (s.zoomRequest && s.zoomRequest !== prev.zoomRequest) {
      stopFollowing();
      const v = scene.getView();
      scene.setView(zoomAt(v, v.width / 2, v.height / 2, s.zoomRequest.factor));
    }
  });
  // A click on a pin opens that drawing (the press has steered there too: you see its decoding).
  const pick = (e: MouseEvent) => {
    const s = roomStore.getState();
    if (s.drawingsHidden) return;
    const r = host.getBoundingClientRect();
    const d = pickDrawing(s.drawings, (x, y) => worldToScreen(scene.getView(), x, y), e.clientX - r.left, e.clientY - r.top, PIN_PX / 2 + 4);
    if (d) s.selectDrawing(d.id);
  };
  host.addEventListener('click', pick);
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
      host.removeEventListener('click', pick);
      unsubscribeView();
      detachInput();
      scene.destroy();
      app.destroy({ removeView: true }, { children: true });
    },
  };
}
