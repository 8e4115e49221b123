/**
 * `GET /api/models/:model/regions?n=64&range=4` (or xMin, xMax, yMin, yMax): the regions map as
 * JSON. Maps are computed one at a time, in chunks that let the rooms' ticks through, cached, and
 * identical requests share one computation; a bounded number of different ones may wait.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import { ErrorCode, type RegionsResponse } from '../../shared/protocol.js';
import type { ClassifyFn } from '../classifier/classifyFrames.js';
import { createClassifier } from '../classifier/createClassifier.js';
import { cachedBody, type CachedBody } from '../modelCatalog.js';
import { CLASSIFIER_DIR } from '../models/classifierFiles.js';
import { computeRegions, type RegionsView } from '../models/regions.js';
import { fail } from '../ProtocolFailure.js';
import type { FrameDecoder } from '../rooms/types.js';
import { LruCache } from './LruCache.js';
import { parseManifoldQuery } from './manifoldQuery.js';

/** n = 64 and the article's [-4, 4]^2 by default; n is capped at 100 (10,000 cells, ~3 s of one decoder worker). */
export const REGIONS_DEFAULTS = { n: 64, range: 4, maxN: 100, cacheBytes: 16 * 1024 * 1024, maxWaiting: 4 } as const;

/** The route's path; the model is its one group. */
export const REGIONS_ROUTE = /^\/api\/models\/([^/]+)\/regions$/;

/**
 * Parses and checks the query; throws a bad_request ProtocolFailure on bad input. The bounds are
 * the manifold's (same names, same checks), so the manifold's parser reads them; only n differs.
 */
export function parseRegionsQuery(params: URLSearchParams): RegionsView {
  if (params.has('axes')) fail(ErrorCode.badRequest, 'axes is a manifold picture option; the regions map has none');
  const bounds = new URLSearchParams(params);
  bounds.delete('n');
  if (!bounds.has('range') && !bounds.has('xMin')) bounds.set('range', String(REGIONS_DEFAULTS.range));
  const { xMin, xMax, yMin, yMax } = parseManifoldQuery(bounds);
  const raw = params.get('n');
  const n = raw === null || raw === '' ? REGIONS_DEFAULTS.n : Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(ErrorCode.badRequest, 'n must be a positive integer');
  return { n: Math.min(n, REGIONS_DEFAULTS.maxN), xMin, xMax, yMin, yMax };
}

/** What the regions need from the server: any model's decoder and the digit classifier. */
export interface RegionsDeps {
  decode(model: ModelKind, z: Float32Array): Promise<Uint8Array>;
  classify: ClassifyFn;
}

export interface RegionsService {
  /** The JSON body of one model's regions map over `view`. */
  regions(model: ModelKind, view: RegionsView): Promise<CachedBody>;
}

/** Rounds to 4 decimals: the map is for eyes and shares, not for float32 bits, and the body shrinks by half. */
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function isSquare(v: RegionsView): boolean {
  return v.xMin === -v.xMax && v.yMin === -v.yMax && v.xMax === v.yMax;
}

/** Builds the cached, serialized, bounded regions computation over `deps`. */
export function createRegionsService(deps: RegionsDeps, opts: { cacheBytes?: number; maxWaiting?: number } = {}): RegionsService {
  const cache = new LruCache<string, CachedBody>(opts.cacheBytes ?? REGIONS_DEFAULTS.cacheBytes, (b) => b.raw.length + b.gzip.length);
  const inflight = new Map<string, Promise<CachedBody>>();
  const maxWaiting = opts.maxWaiting ?? REGIONS_DEFAULTS.maxWaiting;
  let queue: Promise<unknown> = Promise.resolve();

  const make = async (model: ModelKind, view: RegionsView): Promise<CachedBody> => {
    const map = await computeRegions({ decode: (z) => deps.decode(model, z), classify: deps.classify }, view);
    const body: RegionsResponse = {
      model, n: view.n, range: isSquare(view) ? view.xMax : null,
      xMin: view.xMin, xMax: view.xMax, yMin: view.yMin, yMax: view.yMax,
      labels: Array.from(map.labels), confidence: Array.from(map.confidence, round4),
    };
    return cachedBody(Buffer.from(JSON.stringify(body)));
  };

  return {
    regions(model, view) {
      const key = [model, view.n, view.xMin, view.xMax, view.yMin, view.yMax].join(':');
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit);
      const pending = inflight.get(key);
      if (pending) return pending;
      if (inflight.size >= maxWaiting) fail(ErrorCode.limit, `${inflight.size} regions maps are being computed; try again in a few seconds`);
      const job = queue.then(() => make(model, view));
      queue = job.catch(() => undefined);
      const tracked = job.then((body) => (cache.set(key, body), body)).finally(() => inflight.delete(key));
      inflight.set(key, tracked);
      return tracked;
    },
  };
}

/** The service behind the route, or a 404 that says why there is none. */
export function regionsOf(service: RegionsService | undefined): RegionsService {
  if (!service) fail(ErrorCode.notFound, 'this server has no digit classifier, so no regions map: npm run train -- --model classifier, then npm run export -- --model classifier');
  return service;
}

/**
 * The regions service over `decoder` and the digit classifier when `classifier/classifier.onnx` is in
 * `modelsDir`: the decoder's own classify when it has one, else a classifier worker of its own; without the file the server runs without regions.
 */
export async function startRegions(
  modelsDir: string,
  decoder: FrameDecoder & { hasClassifier?: boolean; classify?: ClassifyFn },
): Promise<{ service?: RegionsService; close(): Promise<void> }> {
  if (!existsSync(path.join(modelsDir, CLASSIFIER_DIR, 'classifier.onnx'))) return { close: async () => {} };
  // The model service's pool classifies in the workers that decode: no extra thread needed.
  if (decoder.hasClassifier && decoder.classify) {
    const classify = decoder.classify.bind(decoder);
    return { service: createRegionsService({ decode: (m, z) => decoder.decode(m, z), classify }), close: async () => {} };
  }
  const classifier = await createClassifier({ modelsDir });
  const service = createRegionsService({ decode: (m, z) => decoder.decode(m, z), classify: (f) => classifier.classify(f) });
  return { service, close: () => classifier.close() };
}
