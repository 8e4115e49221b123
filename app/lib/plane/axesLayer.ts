/**
 * Grid lines at round z values, the z[0] = 0 and z[1] = 0 axes a little darker, and tick labels
 * along the bottom and left edges. Redrawn only when the view changes; label Text objects are
 * pooled, because creating Text is the expensive part.
 */
import { Container, Graphics, Text } from 'pixi.js';
import { formatTick, niceTicks, visibleBounds, worldToScreen, type View } from '../viewTransform';

export interface AxesLayer {
  readonly container: Container;
  layout(view: View): void;
  destroy(): void;
}

const GRID = 0xd9d9d2;
const AXIS = 0x8a8a84;
// The white outline keeps labels readable over the black decoded-grid background too.
const LABEL_STYLE = { fontFamily: 'system-ui, sans-serif', fontSize: 11, fill: 0x3a3a36, stroke: { color: 0xffffff, width: 3 } };

/** `scale` enlarges the labels (the projector view reads from the back of the room). */
export function createAxesLayer(scale = 1): AxesLayer {
  const container = new Container();
  const grid = new Graphics();
  const labels = new Container();
  const TICK_STYLE = { ...LABEL_STYLE, fontSize: Math.round(11 * scale) };
  const AXIS_NAME_STYLE = { ...LABEL_STYLE, fontSize: Math.round(13 * scale), fontWeight: '600' as const, fill: 0x22221f };
  const px = (n: number) => Math.round(n * scale);
  const xName = new Text({ text: 'z[0] →', style: AXIS_NAME_STYLE });
  const yName = new Text({ text: 'z[1] ↑', style: AXIS_NAME_STYLE });
  container.addChild(grid, labels, xName, yName);
  const pool: Text[] = [];

  function label(i: number, text: string): Text {
    let t = pool[i];
    if (!t) {
      t = new Text({ text, style: TICK_STYLE });
      pool[i] = t;
      labels.addChild(t);
    }
    if (t.text !== text) t.text = text;
    t.visible = true;
    return t;
  }

  return {
    container,
    layout(view) {
      const [x0, y0, x1, y1] = visibleBounds(view);
      const xs = niceTicks(x0, x1, Math.max(3, Math.round(view.width / 90)));
      const ys = niceTicks(y0, y1, Math.max(3, Math.round(view.height / 70)));
      grid.clear();
      let n = 0;
      for (const x of xs) {
        const [sx] = worldToScreen(view, x, 0);
        grid.moveTo(sx, 0).lineTo(sx, view.height).stroke({ width: 1, color: x === 0 ? AXIS : GRID });
        const t = label(n++, formatTick(x, xs));
        t.position.set(sx + 3, view.height - px(16));
      }
      for (const y of ys) {
        const [, sy] = worldToScreen(view, 0, y);
        grid.moveTo(0, sy).lineTo(view.width, sy).stroke({ width: 1, color: y === 0 ? AXIS : GRID });
        const t = label(n++, formatTick(y, ys));
        t.position.set(4, sy - px(15));
      }
      for (let i = n; i < pool.length; i++) pool[i].visible = false;
      xName.position.set(view.width - xName.width - 8, view.height - px(34));
      yName.position.set(px(40), 6);
    },
    destroy() {
      container.destroy({ children: true });
    },
  };
}
