/**
 * GET /api/test-digits on a real server: the MNIST test digits a drawing's `nearest` names, byte
 * for byte, and a clear 400 for anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { TEST_DIGITS_MAX, type TestDigitsResponse } from '../../shared/protocol.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { startServer } from './helpers.js';

let server: PlaygroundServer;
let mnist: MnistSplit;

beforeAll(async () => {
  server = await startServer();
  mnist = loadMnist('test');
});
afterAll(() => server.close());

describe('GET /api/test-digits', () => {
  it('answers the asked digits in order, with their labels and their 784 bytes, cacheable', async () => {
    const res = await fetch(`${server.url}/api/test-digits?indices=9999,0,4321`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age');
    const body = (await res.json()) as TestDigitsResponse;
    expect(body.digits.map((d) => d.index)).toEqual([9999, 0, 4321]);
    for (const d of body.digits) {
      expect(d.label).toBe(mnist.labels[d.index]);
      const bytes = Buffer.from(d.image, 'base64');
      expect(bytes.equals(Buffer.from(mnist.images.subarray(d.index * IMAGE_PIXELS, (d.index + 1) * IMAGE_PIXELS)))).toBe(true);
    }
  });

  it('answers a repeated index once', async () => {
    const body = (await (await fetch(`${server.url}/api/test-digits?indices=7,7,8`)).json()) as TestDigitsResponse;
    expect(body.digits.map((d) => d.index)).toEqual([7, 8]);
  });

  it.each([
    ['', 'indices is required'],
    ['indices=', 'indices is required'],
    ['indices=10000', 'not a test digit index'],
    ['indices=-1', 'not a test digit index'],
    ['indices=1.5', 'not a test digit index'],
    ['indices=1,,2', 'not a test digit index'],
    ['indices=abc', 'not a test digit index'],
    [`indices=${Array.from({ length: TEST_DIGITS_MAX + 1 }, (_, i) => i).join(',')}`, `at most ${TEST_DIGITS_MAX}`],
  ])('refuses "%s" with a 400 that says why', async (query, words) => {
    const res = await fetch(`${server.url}/api/test-digits?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain(words);
  });
});
