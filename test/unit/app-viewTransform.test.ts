import { describe, expect, it } from 'vitest';
import {
  fitView,
  formatTick,
  niceTicks,
  panBy,
  screenToWorld,
  visibleBounds,
  worldToScreen,
  zoomAt,
  type View,
} from '../../app/lib/viewTransform';

const view: View = { cx: 1, cy: -2, scale: 50, width: 400, height: 300 };

describe('the plane view transform', () => {
  it('maps z to the screen and back, with z[1] growing upwards', () => {
    const [sx, sy] = worldToScreen(view, 2, -1);
    expect(sx).toBe(250);
    expect(sy).toBe(100);
    expect(screenToWorld(view, sx, sy)).toEqual([2, -1]);
  });

  it('keeps the z under the pointer in place while zooming', () => {
    const before = screenToWorld(view, 320, 40);
    const zoomed = zoomAt(view, 320, 40, 2.5);
    expect(zoomed.scale).toBe(125);
    const after = screenToWorld(zoomed, 320, 40);
    expect(after[0]).toBeCloseTo(before[0], 10);
    expect(after[1]).toBeCloseTo(before[1], 10);
  });

  it('zooms in and out only so far from the fitted view, whatever the size of the latent space', () => {
    for (const span of [0.1, 8, 40]) {
      const fitted = fitView([-span, -span, span, span], 400, 400, 0);
      expect(zoomAt(fitted, 0, 0, 1e9).scale).toBeCloseTo(fitted.scale * 200);
      expect(zoomAt(fitted, 0, 0, 1e-9).scale).toBeCloseTo(fitted.scale / 10);
    }
  });

  it('moves the content with the drag when panning', () => {
    const moved = panBy(view, 30, -20);
    const [sx, sy] = worldToScreen(moved, 2, -1);
    expect(sx).toBeCloseTo(280);
    expect(sy).toBeCloseTo(80);
  });

  it('fits bounds inside the viewport with the padding', () => {
    const v = fitView([-4, -4, 4, 4], 400, 300, 10);
    const [x0, y0, x1, y1] = visibleBounds(v);
    expect(y0).toBeCloseTo(-4 - 10 / v.scale);
    expect(y1).toBeCloseTo(4 + 10 / v.scale);
    expect(x0).toBeLessThan(-4);
    expect(x1).toBeGreaterThan(4);
  });

  it('puts ticks on round numbers and labels them with the decimals their step needs', () => {
    expect(niceTicks(-4.2, 4.2, 10)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    const fine = niceTicks(0.01, 0.13, 6);
    expect(fine).toEqual([0.02, 0.04, 0.06, 0.08, 0.1, 0.12]);
    expect(formatTick(0.1, fine)).toBe('0.10');
    expect(niceTicks(3, 3)).toEqual([]);
    // A phone-narrow plane over [-4.5, 4.5] asking for 4 ticks gets steps of 2, not one lonely 0.
    expect(niceTicks(-4.5, 4.5, 4)).toEqual([-4, -2, 0, 2, 4]);
  });
});
