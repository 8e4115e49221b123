/** Fetches the regions map (the classifier's verdict over the plane) for the regions background. */
import type { ModelKind } from '../../../shared/constants';
import { manifoldSearch, type LatentBounds } from '../../../shared/latent';
import type { RegionsResponse } from '../../../shared/protocol';

/** Cells per side asked for: fine enough to show the narrow bands, cheap for the server to cache. */
export const REGIONS_N = 64;

/** The regions map over `bounds`, or null when the server has none (no classifier) or is unreachable. */
export async function loadRegions(model: ModelKind, bounds: LatentBounds): Promise<RegionsResponse | null> {
  try {
    const res = await fetch(`/api/models/${model}/regions?${manifoldSearch(bounds, REGIONS_N)}`);
    return res.ok ? ((await res.json()) as RegionsResponse) : null;
  } catch {
    return null;
  }
}
