/**
 * The manifold image's query: `n` (grid size, the article's 30 by default, capped at 60) and either
 * `range` (the square [-range, range]^2, the article's 4 by default) or all of xMin, xMax, yMin, yMax.
 */
import { ErrorCode } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';

export interface ManifoldView {
  n: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  axes?: boolean;
}

export const MANIFOLD_DEFAULTS = { n: 30, range: 4, maxN: 60, maxAbs: 1000 } as const;

function num(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === null || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || Math.abs(v) > MANIFOLD_DEFAULTS.maxAbs) {
    fail(ErrorCode.badRequest, `${key} must be a number between -${MANIFOLD_DEFAULTS.maxAbs} and ${MANIFOLD_DEFAULTS.maxAbs}`);
  }
  return v;
}

/** A latent rectangle, [xMin, xMax] x [yMin, yMax]. */
export interface LatentBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * The rectangle a query asks for: all of xMin, xMax, yMin, yMax, or the square [-range, range]^2
 * (`defaultRange` when absent). Throws a bad_request ProtocolFailure on bad input.
 */
export function parseLatentBox(params: URLSearchParams, defaultRange: number): LatentBox {
  const box = ['xMin', 'xMax', 'yMin', 'yMax'].map((k) => num(params, k));
  const given = box.filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 4) fail(ErrorCode.badRequest, 'give all of xMin, xMax, yMin, yMax, or none');
  if (given === 4) {
    const [xMin, xMax, yMin, yMax] = box as number[];
    if (!(xMin < xMax && yMin < yMax)) fail(ErrorCode.badRequest, 'xMin must be below xMax and yMin below yMax');
    return { xMin, xMax, yMin, yMax };
  }
  const range = num(params, 'range') ?? defaultRange;
  if (!(range > 0)) fail(ErrorCode.badRequest, 'range must be positive');
  return { xMin: -range, xMax: range, yMin: -range, yMax: range };
}

/** The grid size `n`: a positive integer, `fallback` when absent, clamped to `max`. */
export function parseGridSize(params: URLSearchParams, fallback: number, max: number): number {
  const n = num(params, 'n') ?? fallback;
  if (!Number.isInteger(n) || n < 1) fail(ErrorCode.badRequest, 'n must be a positive integer');
  return Math.min(n, max);
}

/** Parses and checks the query; throws a bad_request ProtocolFailure on bad input. */
export function parseManifoldQuery(params: URLSearchParams): ManifoldView {
  const view: ManifoldView = {
    n: parseGridSize(params, MANIFOLD_DEFAULTS.n, MANIFOLD_DEFAULTS.maxN),
    ...parseLatentBox(params, MANIFOLD_DEFAULTS.range),
  };
  const axes = params.get('axes');
  if (axes !== null) {
    if (axes !== '0' && axes !== '1' && axes !== 'true' && axes !== 'false') fail(ErrorCode.badRequest, 'axes must be 0 or 1');
    view.axes = axes === '1' || axes === 'true';
  }
  return view;
}

/** Cache key of a view (same view, same picture). */
export function manifoldKey(model: string, v: ManifoldView): string {
  return [model, v.n, v.xMin, v.xMax, v.yMin, v.yMax, v.axes ?? ''].join(':');
}
