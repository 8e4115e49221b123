import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionsResponse } from '../../shared/protocol.js';
import { topClasses } from '../../server/classifier/classifyFrames.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { manifoldGrid } from '../../server/images/renderManifold.js';
import { classifierFile } from '../../server/models/classifierFiles.js';
import { createOnnxClassify } from '../../ml/figures/onnxClassify.js';
import { createOnnxDecode } from '../../ml/figures/onnxDecode.js';
import { MODELS_DIR, startServer } from './helpers.js';

/** The same grid decoded and classified here, in-process, with the shipped ONNX files. */
async function directRegions(model: 'ae' | 'vae', view: { n: number; xMin: number; xMax: number; yMin: number; yMax: number }) {
  const decoder = await createOnnxDecode(path.join(MODELS_DIR, model, 'decoder.onnx'));
  const classifier = await createOnnxClassify(classifierFile(MODELS_DIR));
  try {
    return topClasses(await classifier.classify(await decoder.decode(manifoldGrid(view))));
  } finally {
    await decoder.release();
    await classifier.release();
  }
}

describe('GET /api/models/:model/regions', () => {
  let server: PlaygroundServer;
  const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const model of ['ae', 'vae'] as const) {
    it(`answers the ${model}'s map over [-4, 4]^2 as a direct decode + classify of the same grid gives it`, async () => {
      const res = await get(`/api/models/${model}/regions?n=24&range=4`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as RegionsResponse;
      expect(body).toMatchObject({ model, n: 24, range: 4, xMin: -4, xMax: 4, yMin: -4, yMax: 4 });
      const direct = await directRegions(model, { n: 24, xMin: -4, xMax: 4, yMin: -4, yMax: 4 });
      expect(body.labels).toEqual(Array.from(direct.labels));
      body.confidence.forEach((c, i) => expect(Math.abs(c - direct.confidence[i])).toBeLessThanOrEqual(5.1e-5));
      // A map with one answer everywhere would pass the comparison and tell nothing.
      expect(new Set(body.labels).size).toBeGreaterThan(3);
    });
  }

  it('takes explicit bounds, with +y at the top, and says range is null for a box that is not a centred square', async () => {
    const view = { n: 9, xMin: -1, xMax: 3, yMin: -2, yMax: 0.5 };
    const body = (await (await get('/api/models/vae/regions?n=9&xMin=-1&xMax=3&yMin=-2&yMax=0.5')).json()) as RegionsResponse;
    expect(body).toMatchObject({ ...view, range: null });
    expect(body.labels).toEqual(Array.from((await directRegions('vae', view)).labels));
  });

  it('serves a repeated request from its cache, with an ETag and 304s', async () => {
    const first = await get('/api/models/ae/regions?n=24&range=4');
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toContain('max-age');
    expect((await get('/api/models/ae/regions?n=24&range=4', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('keeps serving other requests while it computes a map (decoder and classifier run in workers)', async () => {
    const order: string[] = [];
    const regions = get('/api/models/vae/regions?n=64&range=3').then(async (res) => (await res.arrayBuffer(), order.push('regions')));
    await new Promise((r) => setTimeout(r, 50));
    const health = get('/healthz').then(async (res) => (await res.arrayBuffer(), order.push('healthz')));
    await Promise.all([regions, health]);
    expect(order).toEqual(['healthz', 'regions']);
  });

  it('answers 404 for an unknown model and 400 for a bad query, before any work', async () => {
    expect((await get('/api/models/gan/regions')).status).toBe(404);
    for (const q of ['n=0', 'n=abc', 'range=-1', 'xMin=0', 'xMin=1&xMax=0&yMin=0&yMax=1', 'range=NaN']) {
      const res = await get(`/api/models/ae/regions?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
  });
});
