/**
 * The class's drawings pinned on the plane: a thumbnail of each drawing at its z in a ring of its
 * author's colour, and for the VAE the posterior ellipse (semi-axes exp(0.5 * z_log_var)). Rebuilt
 * only when the list, the hidden flag or the view changes; thumbnails are made once per drawing.
 */
import { Container, Graphics, Sprite, Texture } from 'pixi.js';
import { drawingPixels, type DrawingInfo } from '../../../shared/protocol';
import { drawDigit } from '../digitPixels';
import { cssColorToNumber } from '../palette';
import { worldToScreen, type View } from '../viewTransform';

/** Thumbnail size on the plane, in screen pixels. */
export const PIN_PX = 26;

function thumbnail(d: DrawingInfo): Texture {
  const canvas = document.createElement('canvas');
  drawDigit(canvas, drawingPixels(d.image));
  const texture = Texture.from(canvas);
  texture.source.scaleMode = 'nearest';
  return texture;
}

export function createDrawingLayer() {
  const container = new Container();
  const ellipses = new Graphics();
  const rings = new Graphics();
  const pins = new Container();
  container.addChild(ellipses, pins, rings);
  const textures = new Map<string, Texture>();
  let last: { list: readonly DrawingInfo[]; hidden: boolean; view: View } | null = null;

  function forget(keep: Set<string>) {
    for (const [id, t] of textures) {
      if (!keep.has(id)) {
        t.destroy(true);
        textures.delete(id);
      }
    }
  }

  /** Redraws when something changed; true when it did. */
  function sync(list: readonly DrawingInfo[], hidden: boolean, view: View): boolean {
    if (last && last.list === list && last.hidden === hidden && last.view === view) return false;
    last = { list, hidden, view };
    container.visible = !hidden;
    forget(new Set(list.map((d) => d.id)));
    ellipses.clear();
    rings.clear();
    pins.removeChildren();
    for (const d of list) {
      const color = cssColorToNumber(d.color);
      const [x, y] = worldToScreen(view, d.z[0], d.z[1]);
      if (d.zLogVar) {
        const rx = Math.exp(0.5 * d.zLogVar[0]) * view.scale;
        const ry = Math.exp(0.5 * d.zLogVar[1]) * view.scale;
        ellipses.ellipse(x, y, rx, ry).fill({ color, alpha: 0.12 }).stroke({ width: 1.5, color, alpha: 0.6 });
      }
      let texture = textures.get(d.id);
      if (!texture) textures.set(d.id, (texture = thumbnail(d)));
      const sprite = new Sprite(texture);
      sprite.anchor.set(0.5);
      sprite.width = PIN_PX;
      sprite.height = PIN_PX;
      sprite.position.set(x, y);
      pins.addChild(sprite);
      rings.roundRect(x - PIN_PX / 2 - 2, y - PIN_PX / 2 - 2, PIN_PX + 4, PIN_PX + 4, 4).stroke({ width: 3, color });
    }
    return true;
  }

  return {
    container,
    sync,
    get count() {
      return last && !last.hidden ? last.list.length : 0;
    },
    destroy() {
      forget(new Set());
      container.destroy({ children: true });
    },
  };
}
