/**
 * What part of the latent plane is in view, kept as a z rectangle (the region) rather than as
 * pixels: when the plane changes size (a resize, full screen, a rotated phone, a projector) the
 * same region is fitted again, so people keep looking at the same digits, and repeated resizes
 * never drift. The region is what the person chose (zoom, pan, a restored one) or, until they
 * choose, a fit of the model's digits. Zoom limits stay relative to that fit.
 */
import { fitView, visibleBounds, type Bounds, type View } from '../viewTransform';

/** Room around the digits in a fitted view, in pixels. */
export const FIT_PADDING = 36;

export interface PlaneView {
  readonly view: View;
  /** The z rectangle kept in view; null until there is something to fit. */
  readonly region: Bounds | null;
  /** True when the region was chosen by the person (or restored), not fitted. */
  readonly chosen: boolean;
  /** Bumped on every change of the view. */
  readonly version: number;
  /** The rectangle a reset fits (the digits, or the model's bounds); `refit` drops a chosen region. */
  setExtent(extent: Bounds | null, refit: boolean): void;
  resize(width: number, height: number): void;
  /** A view the person made (zoom, pan). */
  setView(view: View): void;
  /** Back to the fit of the extent. */
  reset(): void;
  /** Shows a region someone else chose (the teacher's view), fitted to this plane's size. */
  showRegion(region: Bounds): void;
}

export function createPlaneView(width: number, height: number, initialRegion: Bounds | null = null): PlaneView {
  let view: View = { cx: 0, cy: 0, scale: 40, width, height };
  let region = initialRegion;
  let chosen = initialRegion !== null;
  let extent: Bounds | null = null;
  let version = 0;

  function apply() {
    if (view.width <= 0 || view.height <= 0) return;
    if (!chosen) region = extent ? visibleBounds(fitView(extent, view.width, view.height, FIT_PADDING)) : null;
    if (!region) return;
    const limits = extent ? fitView(extent, view.width, view.height, FIT_PADDING) : null;
    view = { ...fitView(region, view.width, view.height, 0), minScale: limits?.minScale, maxScale: limits?.maxScale };
    version++;
  }

  return {
    get view() {
      return view;
    },
    get region() {
      return region;
    },
    get chosen() {
      return chosen;
    },
    get version() {
      return version;
    },
    setExtent(next, refit) {
      extent = next;
      if (refit) chosen = false;
      apply();
    },
    resize(w, h) {
      if (w === view.width && h === view.height) return;
      view = { ...view, width: w, height: h };
      version++;
      apply();
    },
    setView(v) {
      view = v;
      region = visibleBounds(v);
      chosen = true;
      version++;
    },
    reset() {
      chosen = false;
      apply();
    },
    showRegion(r) {
      region = r;
      chosen = true;
      apply();
    },
  };
}
