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

/** Parses and checks the query; throws a bad_request ProtocolFailure on bad input. */
export function parseManifoldQuery(params: URLSearchParams): ManifoldView {
  const nRaw = num(params, 'n') ?? MANIFOLD_DEFAULTS.n;
  if (!Number.isInteger(nRaw) || nRaw < 1) fail(ErrorCode.badRequest, 'n must be a positive integer');
  const n = Math.min(nRaw, MANIFOLD_DEFAULTS.maxN);
  const box = ['xMin', 'xMax', 'yMin', 'yMax'].map((k) => num(params, k));
  const given = box.filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 4) fail(ErrorCode.badRequest, 'give all of xMin, xMax, yMin, yMax, or none');
  let view: ManifoldView;
  if (given === 4) {
    const [xMin, xMax, yMin, yMax] = box as number[];
    if (!(xMin < xMax && yMin < yMax)) fail(ErrorCode.badRequest, 'xMin must be below xMax and yMin below yMax');
    view = { n, xMin, xMax, yMin, yMax };
  } else {
    const range = num(params, 'range') ?? MANIFOLD_DEFAULTS.range;
    if (!(range > 0)) fail(ErrorCode.badRequest, 'range must be positive');
    view = { n, xMin: -range, xMax: range, yMin: -range, yMax: range };
  }
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
