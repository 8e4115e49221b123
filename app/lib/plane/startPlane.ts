/**
 * Starts the Pixi latent plane inside a host element. Only ever imported dynamically from the
 * LatentPlane component's effect, so Pixi never loads during server rendering. The caller owns
 * the returned handle and must not destroy before this promise resolved (StrictMode).
 */
import { Application, Container, Graphics } from 'pixi.js';
import type { RoomStore } from '../../stores/roomStore';
import type { ViewStore } from '../../stores/viewStore';
import type { FrameStore } from '../frameStore';
import type { LocalCursor } from '../localCursor';
import { cssColorToNumber } from '../palette';
import { fitView, resizeView, worldToScreen, zoomAt, type Bounds, type View } from '../viewTransform';
import { createAxesLayer } from './axesLayer';
import { createCursorLayer, type CursorMeta } from './cursorLayer';
import { createManifoldLayer } from './manifoldLayer';
import { createModelData } from './modelData';
import { attachPlaneInput } from './planeInput';
import { createScatterLayer } from './scatterLayer';
import { cursorMeta, embeddingExtent } from './sceneMeta';
import { createTrailLayer } from './trailLayer';

export interface PlaneDeps {
  host: HTMLElement;
  roomStore: RoomStore;
  viewStore: ViewStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  /** Problems worth telling the user (model loading, ...), or null when resolved. */
  onStatus(text: string | null): void;
}

export interface PlaneHandle {
  destroy(): void;
}

export async function startPlane(deps: PlaneDeps): Promise<PlaneHandle> {
  const app = new Application();
  await app.init({
    resizeTo: deps.host,
    background: 0xfbfbf8,
    antialias: true,
    autoDensity: true,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    preference: 'webgl',
  });
  deps.host.appendChild(app.canvas);
  const scene = createScene(app, deps);
  return {
    destroy() {
      scene.destroy();
      app.destroy({ removeView: true }, { children: true });
    },
  };
}

function createScene(app: Application, deps: PlaneDeps) {
  const { host, roomStore, viewStore, frameStore, localCursor } = deps;
  const manifold = createManifoldLayer();
  const scatter = createScatterLayer(app.renderer);
  const axes = createAxesLayer();
  const trails = createTrailLayer();
  const cursors = createCursorLayer();
  const self = new Graphics();
  self.visible = false;
  const world = new Container();
  world.addChild(manifold.sprite, axes.container, scatter.container, trails.graphics, cursors.container, self);
  app.stage.addChild(world);

  let view: View = { cx: 0, cy: 0, scale: 40, width: app.screen.width, height: app.screen.height };
  let dirty = true;
  let extent: Bounds | null = null;
  let fitted = false;
  let meta = new Map<number, CursorMeta>();
  let lastRoom: unknown = undefined;
  let selfColor = -1;
  let lastPublish = 0;
  const statuses = { embedding: null as string | null, manifold: null as string | null };

  const setView = (v: View) => {
    view = v;
    dirty = true;
  };
  const reset = () => {
    const b = extent ?? roomStore.getState().room?.bounds;
    if (b && view.width > 0) setView(fitView(b, view.width, view.height, 36));
    fitted = Boolean(b);
  };

  const data = createModelData(manifold, {
    embedding(e) {
      scatter.setEmbedding(e);
      extent = e ? embeddingExtent(e) : null;
      if (e) reset();
      dirty = true;
    },
    manifold: () => (dirty = true),
    status(key, text) {
      statuses[key] = text;
      deps.onStatus(statuses.embedding ?? statuses.manifold);
    },
  });

  function applyBackground() {
    const bg = viewStore.getState().background;
    manifold.sprite.visible = bg !== 'scatter';
    manifold.sprite.alpha = bg === 'both' ? 0.45 : 1;
    scatter.container.visible = bg !== 'manifold';
    scatter.setAlpha(bg === 'both' ? 0.8 : 1);
    if (bg !== 'scatter') data.wantManifold();
  }

  function onRoom() {
    const room = roomStore.getState().room;
    if (room === lastRoom) return;
    lastRoom = room;
    meta = cursorMeta(room);
    if (!room) return;
    data.setModel(room.model, room.bounds);
    if (viewStore.getState().background !== 'scatter') data.wantManifold();
    if (!fitted) reset();
  }

  function drawSelf() {
    const { you } = roomStore.getState();
    const z = localCursor.z;
    self.visible = z !== null;
    if (!z) return;
    const color = you ? cssColorToNumber(you.color) : 0x1d4ed8;
    if (color !== selfColor) {
      selfColor = color;
      self.clear().circle(0, 0, 11).stroke({ width: 6, color: 0xffffff }).circle(0, 0, 11).stroke({ width: 3, color });
      self.circle(0, 0, 3).fill(color);
    }
    const [x, y] = worldToScreen(view, z[0], z[1]);
    self.position.set(x, y);
  }

  function publish(now: number) {
    // Test hooks and screen-reader-free state for e2e: a few times a second is plenty.
    if (now - lastPublish < 100) return;
    lastPublish = now;
    const z = localCursor.z;
    host.dataset.z = z ? `${z[0].toFixed(3)},${z[1].toFixed(3)}` : '';
    host.dataset.points = String(scatter.count);
    host.dataset.cursors = String(cursors.count);
    host.dataset.view = `${view.cx.toFixed(4)},${view.cy.toFixed(4)},${view.scale.toFixed(4)}`;
    host.dataset.ready = 'true';
  }

  function frame(dtMs: number) {
    if (app.screen.width !== view.width || app.screen.height !== view.height) {
      setView(resizeView(view, app.screen.width, app.screen.height));
      if (!fitted) reset();
    }
    onRoom();
    if (dirty) {
      manifold.layout(view);
      scatter.layout(view);
      axes.layout(view);
      dirty = false;
    }
    frameStore.smooth(dtMs);
    trails.draw(frameStore, meta, view);
    const s = roomStore.getState();
    cursors.sync(frameStore, meta, s.you?.id ?? null, s.room?.spotlight ?? null, view);
    drawSelf();
    publish(performance.now());
  }

  const detachInput = attachPlaneInput(host, {
    getView: () => view,
    setView,
    canSteer: () => {
      const s = roomStore.getState();
      return !(s.room?.frozen && !s.you?.host);
    },
    steer: (z) => localCursor.set(z),
    step: (dx, dy) => localCursor.step(dx, dy),
    reset,
  });
  const unsubscribeView = viewStore.subscribe((s, prev) => {
    if (s.background !== prev.background) applyBackground();
    if (s.resetRequest !== prev.resetRequest) reset();
    if (s.zoomRequest && s.zoomRequest !== prev.zoomRequest) setView(zoomAt(view, view.width / 2, view.height / 2, s.zoomRequest.factor));
  });
  const resizeObserver = new ResizeObserver(() => app.resize());
  resizeObserver.observe(host);
  applyBackground();
  app.ticker.add((ticker) => frame(ticker.deltaMS));

  return {
    destroy() {
      resizeObserver.disconnect();
      unsubscribeView();
      detachInput();
      data.destroy();
      scatter.destroy();
      axes.destroy();
      trails.destroy();
      cursors.destroy();
      manifold.destroy();
      delete host.dataset.ready;
    },
  };
}
