/** Fetches the regions map (the classifier's verdict over the plane) for the regions background. */
import type { ModelKind } from '../../../shared/constants';
import type { LatentBounds } from '../../../shared/latent';
import type { RegionsResponse } from '../../../shared/protocol';

/** Cells per side asked for: fine enough to show the narrow bands, cheap for the server to cache. */
export const REGIONS_N = 64;

/** The regions map over `bounds`, or null when the server has none (no classifier) or is unreachable. */
export async function loadRegions(model: ModelKind, bounds: LatentBounds): Promise<RegionsResponse | null> {
  try {
    const [xMin, yMin, xMax, yMax] = bounds.map((v) => Number(v.toFixed(3)));
    // The manifold's query without its picture option (the regions route refuses `axes`).
    const res = await fetch(`/api/models/${model}/regions?n=${REGIONS_N}&xMin=${xMin}&xMax=${xMax}&yMin=${yMin}&yMax=${yMax}`);
    return res.ok ? ((await res.json()) as RegionsResponse) : null;
  } catch {
    return null;
  }
}
