/**
 * Everyone else's cursors: a dot (a diamond for replay ghosts), the name, and a small thumbnail of
 * the digit the cursor decodes. One set of Pixi objects per cursor, created when it appears and
 * updated in place: positions every frame, thumbnails only when a new frame arrived, labels only
 * when the room snapshot changed.
 */
import { BufferImageSource, Container, Graphics, Sprite, Text, Texture } from 'pixi.js';
import type { FrameStore } from '../frameStore';
import { sideOf, writeDigitRgba } from '../digitPixels';
import { worldToScreen, type View } from '../viewTransform';

export interface CursorMeta {
  name: string;
  color: number;
  ghost: boolean;
  connected: boolean;
}

interface CursorSprite {
  root: Container;
  dot: Graphics;
  /** A border in the cursor's colour around the thumbnail, so it stands out from the scatter. */
  frame: Graphics;
  label: Text;
  thumb: Sprite;
  /** RGBA pixels of the thumbnail texture, rewritten in place when a new frame arrives. */
  rgba: Uint8Array;
  version: number;
  meta: CursorMeta | null;
  spotlit: boolean;
}

export interface CursorLayer {
  readonly container: Container;
  readonly count: number;
  sync(frames: FrameStore, meta: Map<number, CursorMeta>, skipId: number | null, spotlight: number | null, view: View): void;
  destroy(): void;
}

const THUMB = 28;
const LABEL_STYLE = { fontFamily: 'system-ui, sans-serif', fontSize: 12, fontWeight: '600' as const, fill: 0x1d1d1b, stroke: { color: 0xffffff, width: 3 } };

function createSprite(): CursorSprite {
  const root = new Container();
  const dot = new Graphics();
  // Raw pixels, not a 2-D canvas: uploading a canvas to WebGL can force a GPU readback per frame.
  const rgba = new Uint8Array(THUMB * THUMB * 4);
  const texture = new Texture({ source: new BufferImageSource({ resource: rgba, width: THUMB, height: THUMB, scaleMode: 'nearest' }) });
  const thumb = new Sprite(texture);
  thumb.position.set(10, -THUMB - 8);
  thumb.visible = false;
  const frame = new Graphics();
  frame.visible = false;
  const label = new Text({ text: '', style: LABEL_STYLE });
  label.position.set(10, -8);
  root.addChild(frame, thumb, dot, label);
  return { root, dot, frame, label, thumb, rgba, version: -1, meta: null, spotlit: false };
}

function drawDot(s: CursorSprite, meta: CursorMeta, spotlit: boolean, scale: number) {
  const r = spotlit ? 11 : 7;
  s.dot.clear();
  if (meta.ghost) s.dot.poly([0, -r - 2, r + 2, 0, 0, r + 2, -r - 2, 0]);
  else s.dot.circle(0, 0, r);
  s.dot.fill({ color: meta.color, alpha: 0.95 }).stroke({ width: spotlit ? 4 : 2, color: spotlit ? 0x111111 : 0xffffff });
  s.frame.clear().rect(s.thumb.x - 2, s.thumb.y - 2, THUMB + 4, THUMB + 4).fill(meta.color);
  s.label.text = meta.ghost ? `▶ ${meta.name}` : meta.name;
  s.root.alpha = meta.connected ? 1 : 0.35;
  s.root.scale.set(scale * (spotlit ? 1.5 : 1));
}

function drawThumb(s: CursorSprite, pixels: Uint8Array) {
  writeDigitRgba(pixels, sideOf(pixels), s.rgba, THUMB);
  s.thumb.texture.source.update();
  s.thumb.visible = true;
  s.frame.visible = true;
}

/** `scale` enlarges every cursor, label and thumbnail (the projector view uses 1.6). */
export function createCursorLayer(scale = 1): CursorLayer {
  const container = new Container();
  const sprites = new Map<number, CursorSprite>();

  function remove(id: number) {
    const s = sprites.get(id);
    if (!s) return;
    s.thumb.texture.destroy(true);
    s.root.destroy({ children: true });
    sprites.delete(id);
  }

  return {
    container,
    get count() {
      return sprites.size;
    },
    sync(frames, meta, skipId, spotlight, view) {
      for (const id of sprites.keys()) if (!frames.cursors.has(id) || id === skipId) remove(id);
      for (const c of frames.cursors.values()) {
        if (c.id === skipId) continue;
        let s = sprites.get(c.id);
        if (!s) {
          s = createSprite();
          sprites.set(c.id, s);
          container.addChild(s.root);
        }
        const m = meta.get(c.id) ?? null;
        const spotlit = spotlight === c.id;
        if (m && (m !== s.meta || spotlit !== s.spotlit)) drawDot(s, m, spotlit, scale);
        s.meta = m;
        s.spotlit = spotlit;
        s.root.visible = m !== null;
        if (c.pixels && c.version !== s.version) {
          drawThumb(s, c.pixels);
          s.version = c.version;
        }
        const [x, y] = worldToScreen(view, c.shown[0], c.shown[1]);
        s.root.position.set(x, y);
      }
    },
    destroy() {
      for (const id of [...sprites.keys()]) remove(id);
      container.destroy({ children: true });
    },
  };
}
