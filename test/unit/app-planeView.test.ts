import { describe, expect, it } from 'vitest';
import { createPlaneView, FIT_PADDING } from '../../app/lib/plane/planeView';
import { visibleBounds, zoomAt, type Bounds } from '../../app/lib/viewTransform';

const contains = (outer: Bounds, inner: Bounds, eps = 1e-9) =>
  outer[0] <= inner[0] + eps && outer[1] <= inner[1] + eps && outer[2] >= inner[2] - eps && outer[3] >= inner[3] - eps;

describe('the view of the plane', () => {
  it('fits the digits with padding until the person chooses a view', () => {
    const v = createPlaneView(800, 600);
    v.setExtent([-4, -3, 4, 3], false);
    expect(v.chosen).toBe(false);
    const [x0, , x1] = visibleBounds(v.view);
    expect(x1 - x0).toBeGreaterThan(8);
    expect(v.view.scale).toBeCloseTo((600 - 2 * FIT_PADDING) / 6, 6);
  });

  it('keeps a zoomed-in region in view through resizes, without drifting', () => {
    const v = createPlaneView(800, 600);
    v.setExtent([-4, -4, 4, 4], false);
    v.setView(zoomAt(v.view, 500, 200, 2));
    const region = v.region!;
    for (const [w, h] of [[390, 844], [844, 390], [1920, 1080], [800, 600]]) {
      v.resize(w, h);
      expect(contains(visibleBounds(v.view), region, 1e-6)).toBe(true);
    }
    expect(visibleBounds(v.view).map((n) => n.toFixed(6))).toEqual(region.map((n) => n.toFixed(6)));
  });

  it('keeps zoom limits relative to the fit of the digits, not of the chosen region', () => {
    const v = createPlaneView(800, 800);
    v.setExtent([-4, -4, 4, 4], false);
    const fitScale = v.view.scale;
    v.setView(zoomAt(v.view, 400, 400, 8));
    v.resize(800, 801);
    expect(v.view.maxScale).toBeCloseTo(v.view.scale / 8 * 200, 0);
    expect(v.view.minScale! * 10).toBeCloseTo(fitScale, 0);
  });

  it('starts from a remembered region, which the digits arriving do not replace, but a new model does', () => {
    const v = createPlaneView(600, 600, [0, 0, 1, 1]);
    v.setExtent([-4, -4, 4, 4], false);
    expect(visibleBounds(v.view)).toEqual([0, 0, 1, 1]);
    v.setExtent([-5, -5, 5, 5], true);
    expect(v.chosen).toBe(false);
    expect(contains(visibleBounds(v.view), [-5, -5, 5, 5])).toBe(true);
  });

  it('goes back to the fit of the digits on reset', () => {
    const v = createPlaneView(600, 600);
    v.setExtent([-2, -2, 2, 2], false);
    const fitted = v.view;
    v.setView(zoomAt(v.view, 0, 0, 3));
    v.reset();
    expect(v.view.scale).toBeCloseTo(fitted.scale, 9);
    expect([v.view.cx, v.view.cy]).toEqual([fitted.cx, fitted.cy]);
  });
});
