/**
 * MNIST test digits by index, fetched from `GET /api/test-digits` for the drawings panel. A small
 * cache keeps the digits of the drawings looked at lately, so clicking back and forth between pins
 * asks the server once; it is bounded, as a lesson may click hundreds of pins.
 */
import { drawingPixels, TEST_DIGITS_MAX, TEST_DIGITS_ROUTE, type TestDigitsResponse } from '../../shared/protocol';

export interface TestDigitImage {
  index: number;
  label: number;
  pixels: Uint8Array;
}

const CACHE_SIZE = 200;
const cache = new Map<number, TestDigitImage>();

function remember(d: TestDigitImage): void {
  cache.delete(d.index);
  cache.set(d.index, d);
  // A Map iterates in insertion order: the first key is the one least recently stored.
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** The digits at `indices`, in that order; what the server refuses is an error. */
export async function fetchTestDigits(indices: number[], fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<TestDigitImage[]> {
  const missing = indices.filter((i) => !cache.has(i)).slice(0, TEST_DIGITS_MAX);
  if (missing.length) {
    const res = await fetchImpl(`${TEST_DIGITS_ROUTE}?indices=${missing.join(',')}`);
    if (!res.ok) throw new Error(`test digits: HTTP ${res.status}`);
    const body = (await res.json()) as TestDigitsResponse;
    for (const d of body.digits) remember({ index: d.index, label: d.label, pixels: drawingPixels(d.image) });
  }
  return indices.flatMap((i) => cache.get(i) ?? []);
}
