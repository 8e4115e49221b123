/**
 * The model service over HTTP: encode digits with a model's encoder (with their nearest test
 * digits), and the model's training timeline with its snapshots' embeddings.
 */
import type { IncomingMessage } from 'node:http';
import type { ModelKind } from '../../shared/constants.js';
import { describeIssues, ErrorCode } from '../../shared/protocol.js';
import type { Decoder } from '../decoder/createDecoder.js';
import type { ModelCatalog } from '../modelCatalog.js';
import { loadEmbedding } from '../models/modelFiles.js';
import { createNearestIndex, type NearestIndex } from '../models/nearestDigits.js';
import type { TimelineCatalog } from '../models/timelineCatalog.js';
import { fail } from '../ProtocolFailure.js';
import type { Route } from './route.js';
import { ENCODE_BODY_LIMIT, encodeRequest, encodeResults, requestImages } from './encodeRequest.js';
import { readJsonBody, sendCached, sendJson } from './respond.js';

export interface ModelServiceDeps {
  service: Pick<Decoder, 'encode'>;
  timelines: TimelineCatalog;
  /** Where the shipped embeddings are (for the nearest test digits). */
  modelsDir: string;
  /** Encode requests being read or encoded at once; more answer 429. Default 4. */
  maxEncodesInFlight?: number;
}

const STEP = /^\d{1,9}$/;

function served(catalog: ModelCatalog, raw: string): ModelKind {
  if (!catalog.has(raw)) fail(ErrorCode.notFound, `no model "${raw}" (try ${catalog.kinds.join(' or ')})`);
  return raw;
}

async function readEncodeRequest(req: IncomingMessage) {
  // Refused before reading when the client says how much it sends.
  const declared = Number(req.headers['content-length']);
  if (declared > ENCODE_BODY_LIMIT) fail(ErrorCode.badRequest, `request body is over ${ENCODE_BODY_LIMIT} bytes`);
  const parsed = encodeRequest.safeParse(await readJsonBody(req, ENCODE_BODY_LIMIT));
  if (!parsed.success) fail(ErrorCode.badRequest, describeIssues(parsed.error));
  return parsed.data;
}

/** The routes of the model service, for createApiHandler's table. */
export function modelServiceRoutes(catalog: ModelCatalog, deps: ModelServiceDeps): Route[] {
  const maxInFlight = deps.maxEncodesInFlight ?? 4;
  let inFlight = 0;
  const indexes = new Map<ModelKind, NearestIndex>();
  const nearestIn = (kind: ModelKind) => {
    let index = indexes.get(kind);
    if (!index) indexes.set(kind, (index = createNearestIndex(loadEmbedding(deps.modelsDir, kind))));
    return index;
  };
  const timelineOf = (kind: ModelKind) => deps.timelines.get(kind) ?? fail(ErrorCode.notFound, `model "${kind}" has no training timeline`);

  return [
    { method: 'POST', pattern: /^\/api\/models\/([^/]+)\/encode$/, handler: async (req, res, [m]) => {
      const kind = served(catalog, m);
      if (inFlight >= maxInFlight) fail(ErrorCode.limit, `${maxInFlight} encode requests are already running; try again shortly`);
      inFlight++;
      try {
        const body = await readEncodeRequest(req);
        const results = encodeResults(await deps.service.encode(kind, requestImages(body)), nearestIn(kind));
        sendJson(res, 200, body.images ? { results } : results[0], { 'cache-control': 'no-store' });
      } finally {
        inFlight--;
      }
    } },
    { method: 'GET', pattern: /^\/api\/models\/([^/]+)\/timeline$/, handler: (_req, res, [m]) => {
      const kind = served(catalog, m);
      const { file } = timelineOf(kind);
      const snapshots = file.snapshots.map(({ decoder: _file, embedding: _name, ...s }) => ({
        ...s, embedding: `/api/models/${kind}/timeline/${s.step}/embedding`,
      }));
      sendJson(res, 200, { kind, testDigits: file.testDigits, testDigitsNote: file.testDigitsNote, stepsPerEpoch: file.stepsPerEpoch, snapshots }, { 'cache-control': 'public, max-age=60' });
    } },
    { method: 'GET', pattern: /^\/api\/models\/([^/]+)\/timeline\/([^/]+)\/embedding$/, handler: (req, res, [m, step]) => {
      const kind = served(catalog, m);
      const timeline = timelineOf(kind);
      if (!STEP.test(step)) fail(ErrorCode.badRequest, 'step must be a whole number');
      const body = deps.timelines.embedding(kind, Number(step));
      if (!body) fail(ErrorCode.notFound, `the ${kind} timeline has no snapshot at step ${step} (steps: ${timeline.steps.join(', ')})`);
      sendCached(req, res, body, 'application/json; charset=utf-8', 'public, max-age=3600');
    } },
  ];
}
