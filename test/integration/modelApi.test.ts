import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { loadEmbedding } from '../../server/models/modelFiles.js';
import { initBackend } from '../../ml/training/backend.js';
import { gatherImages, loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { copyShippedModels, writeTimeline } from '../helpers/modelFixtures.js';
import { adminHealth, MODELS_DIR, startServer } from './helpers.js';

// A real server over a copy of the shipped models, the AE given a (small, exported) training timeline.
let modelsDir: string;
let server: PlaygroundServer;
let mnist: MnistSplit;

beforeAll(async () => {
  await initBackend('cpu');
  modelsDir = mkdtempSync(path.join(tmpdir(), 'model-api-'));
  copyShippedModels(MODELS_DIR, modelsDir);
  writeTimeline(modelsDir, 'ae', [0, 5, 50]);
  server = await startServer({ modelsDir });
  mnist = loadMnist('test');
});

afterAll(async () => {
  await server?.close();
  rmSync(modelsDir, { recursive: true, force: true });
});

type Nearest = { index: number; label: number; z: [number, number] };
type Result = { z: [number, number]; zLogVar?: [number, number]; nearest: Nearest[] };

async function post(model: string, body: unknown, raw = false) {
  const res = await fetch(`${server.url}/api/models/${model}/encode`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const image = (i: number) => Array.from(gatherImages(mnist, [i]));

describe('POST /api/models/:model/encode', () => {
  it('puts real MNIST test digits on the shipped embedding (to 1e-3) and names each as its own nearest digit', async () => {
    const digits = Array.from({ length: 40 }, (_, k) => k * 251);
    for (const kind of ['ae', 'vae'] as const) {
      const embedding = loadEmbedding(MODELS_DIR, kind);
      const { status, json } = await post(kind, { images: digits.map(image) });
      expect(status).toBe(200);
      const results = json.results as Result[];
      expect(results).toHaveLength(digits.length);
      results.forEach((r, k) => {
        const d = digits[k];
        expect(Math.abs(r.z[0] - embedding.z[2 * d]), `${kind} digit ${d}`).toBeLessThan(1e-3);
        expect(Math.abs(r.z[1] - embedding.z[2 * d + 1]), `${kind} digit ${d}`).toBeLessThan(1e-3);
        expect(r.nearest).toHaveLength(5);
        expect(r.nearest[0]).toMatchObject({ index: d, label: mnist.labels[d] });
        const dist = r.nearest.map((n) => Math.hypot(n.z[0] - r.z[0], n.z[1] - r.z[1]));
        expect(dist).toEqual([...dist].sort((a, b) => a - b));
        expect(kind === 'vae' ? r.zLogVar : undefined).toEqual(kind === 'vae' ? expect.any(Array) : undefined);
      });
    }
  });

  it('answers one image with one result, the VAE with its log-variance', async () => {
    const { status, json } = await post('vae', { image: image(7) });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['nearest', 'z', 'zLogVar']);
    expect((json as unknown as Result).nearest[0].index).toBe(7);
    const ae = await post('ae', { image: image(7) });
    expect(Object.keys(ae.json).sort()).toEqual(['nearest', 'z']);
  });

  it('takes 256 images in one request', async () => {
    const images = Array.from({ length: 256 }, (_, i) => image(i));
    const { status, json } = await post('ae', { images });
    expect(status).toBe(200);
    expect((json.results as Result[]).map((r) => r.nearest[0].index)).toEqual(images.map((_, i) => i));
  });

  it('refuses bad requests with a 400 and a JSON error that says what is wrong', async () => {
    const ok = image(0);
    const cases: [string, unknown, RegExp][] = [
      ['a short image', { image: ok.slice(1) }, /784 numbers/],
      ['a string among the numbers', { image: ['0.5', ...ok.slice(1)] }, /image\.0: .*number/i],
      ['a value above 1', { image: [1.5, ...ok.slice(1)] }, /image\.0: values must be in \[0, 1\]/],
      ['a negative value', { images: [ok, [-0.1, ...ok.slice(1)]] }, /images\.1\.0: values must be in \[0, 1\]/],
      ['257 images', { images: Array.from({ length: 257 }, () => ok) }, /at most 256 images/],
      ['no images', { images: [] }, /at least one image/],
      ['both forms', { image: ok, images: [ok] }, /either "image" or "images"/],
      ['neither form', {}, /either "image" or "images"/],
      ['an unknown key', { image: ok, extra: 1 }, /extra/],
      ['an image that is not an array', { image: 'zeros' }, /array of 784 numbers/],
    ];
    for (const [what, body, message] of cases) {
      const { status, json } = await post('ae', body);
      expect(status, what).toBe(400);
      expect(json.error, what).toMatchObject({ code: 'bad_request', message: expect.stringMatching(message) });
    }
  });

  it('refuses a body that is not JSON, and one over the size limit, with a 400', async () => {
    const notJson = await post('ae', '{"image": [0, 0', true);
    expect(notJson).toMatchObject({ status: 400, json: { error: { code: 'bad_request', message: expect.stringMatching(/not valid JSON/) } } });
    const huge = await post('ae', `{"images": [${'0.1234567891234567,'.repeat(300_000)}0]}`, true);
    expect(huge).toMatchObject({ status: 400, json: { error: { code: 'bad_request', message: expect.stringMatching(/over \d+ bytes/) } } });
  });

  it('answers 404 for a model it does not serve', async () => {
    expect((await post('gan', { image: image(0) })).status).toBe(404);
  });
});

describe('the training timeline over HTTP', () => {
  it('lists the snapshots with their losses and where their embeddings are', async () => {
    const res = await fetch(`${server.url}/api/models/ae/timeline`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; snapshots: Record<string, unknown>[] };
    expect(body.kind).toBe('ae');
    expect(body.snapshots.map((s) => s.step)).toEqual([0, 5, 50]);
    expect(body.snapshots[1]).toEqual({ step: 5, epoch: 0.1, imagesSeen: 640, trainLoss: 499, testLoss: 500, embedding: '/api/models/ae/timeline/5/embedding' });
  });

  it("serves a snapshot's embedding, with an ETag", async () => {
    const res = await fetch(`${server.url}/api/models/ae/timeline/50/embedding`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; z: number[]; labels: number[] };
    expect(body.count).toBe(20);
    expect(body.z).toHaveLength(40);
    const again = await fetch(`${server.url}/api/models/ae/timeline/50/embedding`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for a model without a timeline or a step it lacks, and 400 for a malformed step', async () => {
    const status = async (p: string) => (await fetch(`${server.url}${p}`)).status;
    expect(await status('/api/models/vae/timeline')).toBe(404);
    expect(await status('/api/models/vae/timeline/0/embedding')).toBe(404);
    expect(await status('/api/models/ae/timeline/6/embedding')).toBe(404);
    expect(await status('/api/models/ae/timeline/-1/embedding')).toBe(400);
    expect(await status('/api/models/gan/timeline')).toBe(404);
  });
});

describe('/healthz', () => {
  it("reports the decoder pool's workers, restarts and queue", async () => {
    const health = await adminHealth<{ worker: { pool: Record<string, unknown> } }>(server.url);
    expect(health.worker.pool).toMatchObject({ live: health.worker.pool.threads, restarts: 0, queuedImages: 0 });
    expect(health.worker.pool.runs).toEqual(expect.any(Number));
  });
});
