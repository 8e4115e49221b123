/**
 * Fading trails behind replay ghosts: the last positions of each ghost as a polyline whose older
 * segments are fainter. One Graphics for all ghosts, rebuilt each frame (a few hundred segments).
 */
import { Graphics } from 'pixi.js';
import type { FrameStore } from '../frameStore';
import { worldToScreen, type View } from '../viewTransform';
import type { CursorMeta } from './cursorLayer';

export function createTrailLayer() {
  const graphics = new Graphics();
  return {
    graphics,
    draw(frames: FrameStore, meta: Map<number, CursorMeta>, view: View) {
      graphics.clear();
      for (const c of frames.cursors.values()) {
        if (!c.ghost || c.trail.length < 2) continue;
        const color = meta.get(c.id)?.color ?? 0x777777;
        const points = [...c.trail.slice(0, -1), c.shown];
        const n = points.length;
        for (let i = 1; i < n; i++) {
          const [ax, ay] = worldToScreen(view, points[i - 1][0], points[i - 1][1]);
          const [bx, by] = worldToScreen(view, points[i][0], points[i][1]);
          graphics.moveTo(ax, ay).lineTo(bx, by).stroke({ width: 3, color, alpha: (0.7 * i) / n, cap: 'round' });
        }
      }
    },
    destroy() {
      graphics.destroy();
    },
  };
}
