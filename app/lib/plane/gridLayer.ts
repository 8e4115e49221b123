/**
 * An n x n grid of colours stretched over a z rectangle (row-major, +y at the top): the regions
 * background (hue = the classifier's digit, strength = its confidence) and the class's heat map.
 * Pixels are drawn into a small canvas and scaled up by the GPU with nearest sampling.
 */
import { Sprite, Texture } from 'pixi.js';
import type { LatentBounds } from '../../../shared/latent';
import { manifoldImageBounds } from '../api';
import { worldToScreen, type View } from '../viewTransform';

export interface GridLayer {
  readonly sprite: Sprite;
  /** Draws `n` x `n` cells; `rgba(i)` gives cell i's colour as [r, g, b, a] 0-255. `centred`: cell centres at the bounds (as the regions API). */
  set(n: number, bounds: LatentBounds, rgba: (i: number) => [number, number, number, number], centred: boolean): void;
  clear(): void;
  layout(view: View): void;
  destroy(): void;
}

export function createGridLayer(): GridLayer {
  const sprite = new Sprite(Texture.EMPTY);
  sprite.visible = false;
  let bounds: LatentBounds | null = null;
  let texture: Texture | null = null;

  return {
    sprite,
    set(n, b, rgba, centred) {
      const canvas = document.createElement('canvas');
      canvas.width = n;
      canvas.height = n;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const img = ctx.createImageData(n, n);
      for (let i = 0; i < n * n; i++) img.data.set(rgba(i), i * 4);
      ctx.putImageData(img, 0, 0);
      texture?.destroy(true);
      texture = Texture.from(canvas);
      texture.source.scaleMode = 'nearest';
      sprite.texture = texture;
      bounds = centred ? manifoldImageBounds(b, n) : b;
    },
    clear() {
      bounds = null;
      sprite.texture = Texture.EMPTY;
      texture?.destroy(true);
      texture = null;
    },
    layout(view) {
      if (!bounds) return;
      const [x0, y0, x1, y1] = bounds;
      const [sx, sy] = worldToScreen(view, x0, y1);
      sprite.position.set(sx, sy);
      sprite.width = (x1 - x0) * view.scale;
      sprite.height = (y1 - y0) * view.scale;
    },
    destroy() {
      sprite.destroy();
      texture?.destroy(true);
    },
  };
}

/** The regions map's colour of a cell: the digit's palette colour, as opaque as the classifier is sure. */
export function regionColor(label: number, confidence: number, digitColor: (d: number) => number): [number, number, number, number] {
  const c = digitColor(label);
  return [(c >> 16) & 255, (c >> 8) & 255, c & 255, Math.round(255 * Math.max(0, Math.min(1, confidence)) ** 2)];
}

/** The heat map's colour of a cell: unvisited cells clear, then yellow to deep red. */
export function heatColor(v: number): [number, number, number, number] {
  if (v === 0) return [0, 0, 0, 0];
  const t = v / 255;
  return [255, Math.round(220 * (1 - t)), 0, Math.round(90 + 130 * t)];
}
