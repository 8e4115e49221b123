/**
 * The plane's Pixi scene: background image, scatter, axes, ghost trails, other cursors and yours,
 * laid out for the current view. `frame()` updates everything in place from the stores and says
 * whether anything visible changed.
 */
import { Container, Graphics, Rectangle, type Application } from 'pixi.js';
import type { ModelKind } from '../../../shared/constants';
import type { RoomStore } from '../../stores/roomStore';
import type { ViewStore } from '../../stores/viewStore';
import type { EmbeddingLoader } from '../embeddingLoader';
import type { FrameStore } from '../frameStore';
import type { LocalCursor } from '../localCursor';
import type { Embedding } from '../api';
import { morphCodes, shownPosition, type TimelineData } from '../timelineData';
import { cssColorToNumber, digitColorNumber } from '../palette';
import { visibleBounds, worldToScreen, type Bounds, type View } from '../viewTransform';
import { selectFollowsHost } from '../../stores/roomStore';
import { createAxesLayer } from './axesLayer';
import { createCursorLayer, type CursorMeta } from './cursorLayer';
import { createGridLayer, heatColor, regionColor } from './gridLayer';
import { createDrawingLayer } from './drawingLayer';
import { createManifoldLayer } from './manifoldLayer';
import { loadRegions } from './regionsData';
import { createModelData } from './modelData';
import { createPlaneView } from './planeView';
import { createScatterLayer } from './scatterLayer';
import { cursorMeta, embeddingExtent } from './sceneMeta';
import { createTrailLayer } from './trailLayer';

/** What the plane reads and where it draws. */
export interface PlaneDeps {
  host: HTMLElement;
  roomStore: RoomStore;
  viewStore: ViewStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  /** Training timelines: while the room shows one, the scatter morphs between its snapshots. */
  timelines?: TimelineData;
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

/** Least time between two morph steps of the scatter while a timeline plays. */
const MORPH_MS = 40;

/** A cursor closer than this (in screen pixels) to where it is going has arrived. */
const EASED_PX = 0.25;

export function createPlaneScene(app: Application, deps: PlaneDeps) {
  const { host, roomStore, viewStore, frameStore, localCursor } = deps;
  const manifold = createManifoldLayer();
  const regions = createGridLayer();
  const heat = createGridLayer();
  // A large room's crowd (docs/protocol.md, "What each client gets"): redrawn 5 times a second, so
  // outside the cached backdrop.
  const crowd = createGridLayer();
  crowd.sprite.alpha = 0.55;
  let crowdVersion = 0;
  let regionsKey = '';
  /** A regions map has been drawn (test hook `data-regions`: shown while it is the background). */
  let regionsLoaded = false;
  let lastHeat: unknown = null;
  const scatter = createScatterLayer(app.renderer);
  const axes = createAxesLayer(deps.cursorScale);
  const trails = createTrailLayer();
  const cursors = createCursorLayer(deps.cursorScale);
  const drawings = createDrawingLayer();
  const self = new Graphics();
  self.visible = false;
  // What only moves with the view (image, axes, 10,000 dots) is drawn once into a texture per
  // view change; each frame then costs one quad for it. Its bounds are the screen, so a zoomed-in
  // background never asks for a texture larger than the canvas.
  const backdrop = new Container();
  backdrop.addChild(manifold.sprite, regions.sprite, heat.sprite, axes.container, scatter.container);
  backdrop.boundsArea = new Rectangle(0, 0, app.screen.width, app.screen.height);
  backdrop.cacheAsTexture({ resolution: app.renderer.resolution, antialias: true });
  app.stage.addChild(backdrop, crowd.sprite, drawings.container, trails.graphics, cursors.container, self);

  const planeView = createPlaneView(app.screen.width, app.screen.height, deps.initialRegion ?? null);
  let view: View = planeView.view;
  let drawnVersion = -1;
  let dirty = true;
  let meta = new Map<number, CursorMeta>();
  let lastRoom: unknown;
  let lastModel: string | null = null;
  let lastLock: string | null = null;
  /** The teacher's region last shown, so a new one is fitted once. */
  let followed: Bounds | null = null;
  let seen = { frames: -1, local: -1, selfColor: -1 };
  let lastPublish = 0;
  let shipped: Embedding | null = null;
  /** While the scatter shows a timeline: its model, its morphing embedding, and the position drawn. */
  let morph: { model: string; embedding: Embedding; position: number; at: number } | null = null;
  let publishedVersion = -1;
  let savedRegion: Bounds | null = planeView.region;
  let drawn = false;
  /** Whether the view's extent is the current model's digits (rather than its bounds, or nothing). */
  let hasDigits = false;
  const statuses = { embedding: null as string | null, manifold: null as string | null };

  const data = createModelData(manifold, {
    embedding(e) {
      shipped = e;
      if (e) performance.mark('plane:digits-in');
      const extent = e ? embeddingExtent(e) : null;
      if (extent) planeView.setExtent(extent, false);
      hasDigits = extent !== null;
      // While a timeline is shown the scatter is its digits; the shipped ones return when it closes.
      if (!morph) scatter.setEmbedding(e);
      dirty = true;
    },
    manifold: () => (dirty = true),
    status(key, text) {
      statuses[key] = text;
      deps.onStatus(statuses.embedding ?? statuses.manifold);
    },
  }, deps.embeddings);

  /** Your background, unless the host locked what students see ('blind': neither dots nor grid). */
  function shownBackground() {
    const { room, you } = roomStore.getState();
    return room?.lock && !you?.host ? room.lock : viewStore.getState().background;
  }

  function applyBackground() {
    const bg = shownBackground();
    manifold.sprite.visible = bg === 'manifold' || bg === 'both';
    regions.sprite.visible = bg === 'regions';
    if (bg === 'regions') wantRegions();
    host.dataset.regions = bg === 'regions' && regionsLoaded ? 'shown' : '';
    manifold.sprite.alpha = bg === 'both' ? 0.45 : 1;
    scatter.container.visible = bg !== 'manifold' && bg !== 'blind';
    host.dataset.background = bg;
    scatter.setAlpha(bg === 'both' || bg === 'regions' ? 0.6 : 1);
    if (bg === 'manifold' || bg === 'both') data.wantManifold();
    dirty = true;
  }

  /** Loads the regions map of the room's model over its bounds, once per model and bounds. */
  function wantRegions() {
    const room = roomStore.getState().room;
    if (!room) return;
    const key = `${room.model}:${room.bounds.join(',')}`;
    if (key === regionsKey) return;
    regionsKey = key;
    void loadRegions(room.model, room.bounds).then((r) => {
      if (regionsKey !== key) return;
      // A failed load is tried again the next time the regions background is chosen.
      if (!r) return void (regionsKey = '');
      regions.set(r.n, room.bounds, (i) => regionColor(r.labels[i], r.confidence[i], digitColorNumber), true);
      regionsLoaded = true;
      host.dataset.regions = regions.sprite.visible ? 'shown' : '';
      dirty = true;
    });
  }

  /** Draws the heat map when a new one arrived (or hides it). */
  function syncHeat() {
    const h = roomStore.getState().heatmap;
    if (h === lastHeat) return;
    lastHeat = h;
    const room = roomStore.getState().room;
    if (!h || !h.cells || (room && h.model !== room.model)) {
      heat.sprite.visible = false;
    } else {
      const cells = Uint8Array.from(atob(h.cells), (ch) => ch.charCodeAt(0));
      heat.set(h.n, h.bounds, (i) => heatColor(cells[i]), false);
      heat.sprite.visible = true;
    }
    host.dataset.heatmap = heat.sprite.visible ? 'shown' : '';
    dirty = true;
  }

  /** Draws the crowd's density map when a new one arrived; hides it once the room stops sending one. */
  function syncCrowd(): boolean {
    const map = frameStore.crowd;
    const room = roomStore.getState().room;
    const shown = !!map && !!room && Date.now() - map.receivedAt < 2000;
    if (shown && map.version !== crowdVersion) {
      crowdVersion = map.version;
      crowd.set(Math.sqrt(map.cells.length), room.bounds, (i) => heatColor(Math.min(255, map.cells[i] * 40)), false);
      crowd.layout(view);
      crowd.sprite.visible = true;
      host.dataset.crowd = String(map.cells.reduce((s, v) => s + v, 0));
      return true;
    }
    if (!shown && crowd.sprite.visible) {
      crowd.sprite.visible = false;
      host.dataset.crowd = '';
      return true;
    }
    return false;
  }

  /** Picks up a new room snapshot: names and colours, model, bounds. */
  function syncRoom(): boolean {
    const room = roomStore.getState().room;
    if (room === lastRoom) return false;
    lastRoom = room;
    meta = cursorMeta(room);
    if (room) showModel(room.model, room.bounds);
    const lock = room?.lock && !roomStore.getState().you?.host ? room.lock : null;
    if (lock !== lastLock) {
      lastLock = lock;
      applyBackground();
    }
    return true;
  }

  /**
   * While the room shows its model's timeline, the scatter is that timeline's digits, each moved
   * from its code in one snapshot to its code in the next as the position goes. The view stays
   * where it is, so the class sees the plane spread out.
   */
  function syncTimeline(now: number) {
    const { timeline: t, timelineAt, room, you } = roomStore.getState();
    const load = t?.open && room && deps.timelines ? deps.timelines.get(room.model) : null;
    if (!t || !room || load?.state !== 'ready') {
      if (morph) {
        morph = null;
        scatter.setEmbedding(shipped);
        dirty = true;
      }
      host.dataset.timeline = '';
      return;
    }
    const tl = load.timeline;
    if (morph?.model !== tl.model) {
      morph = { model: tl.model, embedding: { count: tl.count, z: new Float32Array(tl.count * 2), labels: tl.labels }, position: -1, at: 0 };
      scatter.setEmbedding(morph.embedding);
    }
    const position = shownPosition(t, timelineAt, now, viewStore.getState().ownTimeline, you?.host === true);
    // Each morph step redraws the cached backdrop: at most 25 a second keeps slow GPUs responsive.
    if (position === morph.position || (t.playing && now - morph.at < MORPH_MS && Math.abs(position - morph.position) < 1)) return;
    morph.at = now;
    morph.position = position;
    morphCodes(tl, position, morph.embedding.z);
    host.dataset.timeline = position.toFixed(3);
    dirty = true;
  }

  /**
   * Follows the teacher's view (while the room follows the host and you did not step out) or a
   * person's cursor (a presence avatar was clicked): the view moves, the person does not steer it.
   */
  function follow() {
    const rs = roomStore.getState();
    const vs = viewStore.getState();
    const teacher = selectFollowsHost(rs) && vs.followTeacher ? rs.hostView : null;
    host.dataset.following = teacher ? 'teacher' : vs.followCursor !== null ? String(vs.followCursor) : '';
    if (teacher && teacher !== followed) planeView.showRegion(teacher);
    followed = teacher;
    if (teacher || vs.followCursor === null) return;
    const c = frameStore.cursors.get(vs.followCursor);
    if (!c) return;
    const [x, y] = c.shown;
    if (Math.abs(x - view.cx) * view.scale > 0.5 || Math.abs(y - view.cy) * view.scale > 0.5) planeView.setView({ ...view, cx: x, cy: y });
  }

  /** Shows a model's digits; before the room has answered, `bounds` is null and the page's guess is used. */
  function showModel(model: ModelKind, bounds: Bounds | null) {
    // A new model has other digits elsewhere: fit them, whatever was in view before.
    const changed = lastModel !== null && lastModel !== model;
    if (changed) hasDigits = false;
    if (changed || (!hasDigits && bounds)) planeView.setExtent(bounds, changed);
    lastModel = model;
    data.setModel(model, bounds);
    const bg = viewStore.getState().background;
    if (bg === 'manifold' || bg === 'both') data.wantManifold();
    if (bg === 'regions') wantRegions();
  }

  function drawSelf() {
    const { you } = roomStore.getState();
    const z = localCursor.z;
    self.visible = z !== null;
    if (!z) return;
    const color = you ? cssColorToNumber(you.color) : 0x1d4ed8;
    if (color !== seen.selfColor) {
      seen.selfColor = color;
      self.clear().circle(0, 0, 11).stroke({ width: 6, color: 0xffffff }).circle(0, 0, 11).stroke({ width: 3, color });
      self.circle(0, 0, 3).fill(color);
    }
    const [x, y] = worldToScreen(view, z[0], z[1]);
    self.position.set(x, y);
  }

  /** A few times a second: test hooks (your z, what is drawn, the view) and the region to remember. */
  function publish(now: number) {
    if (now - lastPublish < 100) return;
    lastPublish = now;
    if (planeView.chosen && planeView.region !== savedRegion) {
      savedRegion = planeView.region;
      if (savedRegion) deps.onRegion?.(savedRegion);
    }
    if (planeView.version !== publishedVersion && view.width > 0) {
      publishedVersion = planeView.version;
      viewStore.getState().setRegion(visibleBounds(view));
    }
    const z = localCursor.z;
    host.dataset.z = z ? `${z[0].toFixed(3)},${z[1].toFixed(3)}` : '';
    host.dataset.points = String(scatter.count);
    host.dataset.cursors = String(cursors.count);
    host.dataset.pins = String(drawings.count);
    host.dataset.view = `${view.cx.toFixed(4)},${view.cy.toFixed(4)},${view.scale.toFixed(4)}`;
    host.dataset.ready = 'true';
  }

  /** Updates the scene for this animation frame; true when it must be rendered. */
  function frame(dtMs: number): boolean {
    planeView.resize(app.screen.width, app.screen.height);
    let changed = syncRoom();
    syncHeat();
    changed = syncCrowd() || changed;
    syncTimeline(performance.now());
    const rs = roomStore.getState();
    changed = drawings.sync(rs.drawings, rs.drawingsHidden, view) || changed;
    // The room's model is often known (over HTTP) before the socket has joined: start with it.
    const guess = deps.embeddings?.first;
    if (lastModel === null && guess) showModel(guess, null);
    follow();
    if (planeView.version !== drawnVersion) {
      drawnVersion = planeView.version;
      view = planeView.view;
      dirty = true;
    }
    if (dirty) {
      manifold.layout(view);
      regions.layout(view);
      heat.layout(view);
      crowd.layout(view);
      scatter.layout(view);
      axes.layout(view);
      backdrop.boundsArea = new Rectangle(0, 0, view.width, view.height);
      backdrop.updateCacheTexture();
      dirty = false;
      changed = true;
    }
    const easing = frameStore.smooth(dtMs) * view.scale > EASED_PX;
    const arrived = frameStore.version !== seen.frames || localCursor.version !== seen.local;
    seen = { ...seen, frames: frameStore.version, local: localCursor.version };
    if (changed || easing || arrived) {
      trails.draw(frameStore, meta, view);
      const s = roomStore.getState();
      cursors.sync(frameStore, meta, s.you?.id ?? null, s.room?.spotlight ?? null, view);
      drawSelf();
    }
    publish(performance.now());
    if (!drawn && scatter.count > 0) {
      drawn = true;
      // Rendered right after this returns: the first plane with its digits.
      queueMicrotask(() => {
        performance.mark('plane:first-draw');
        deps.onDrawn?.();
      });
    }
    return changed || easing || arrived;
  }

  applyBackground();

  return {
    frame,
    getView: () => view,
    setView: (v: View) => planeView.setView(v),
    reset: () => planeView.reset(),
    applyBackground,
    destroy() {
      data.destroy();
      scatter.destroy();
      axes.destroy();
      trails.destroy();
      cursors.destroy();
      drawings.destroy();
      manifold.destroy();
      regions.destroy();
      heat.destroy();
      crowd.destroy();
      delete host.dataset.ready;
    },
  };
}
