import { describe, expect, it } from 'vitest';
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { checkFrames, topClasses } from '../../server/classifier/classifyFrames.js';
import { createRegionsService, parseRegionsQuery, REGIONS_DEFAULTS } from '../../server/http/regionsRoute.js';
import { computeRegions } from '../../server/models/regions.js';
import { ProtocolFailure } from '../../server/ProtocolFailure.js';

/**
 * A fake model whose "digit" is readable from its frame: the decoder writes the point's quadrant
 * into the first pixel and its x into the second; the classifier reads them back.
 */
function quadrantSource() {
  const calls: number[] = [];
  const decode = async (z: Float32Array) => {
    const n = z.length / 2;
    calls.push(n);
    const frames = new Uint8Array(n * IMAGE_PIXELS);
    for (let i = 0; i < n; i++) {
      frames[i * IMAGE_PIXELS] = (z[2 * i] >= 0 ? 1 : 0) + (z[2 * i + 1] >= 0 ? 2 : 0);
      frames[i * IMAGE_PIXELS + 1] = Math.round(100 + 10 * z[2 * i]);
    }
    return frames;
  };
  const classify = async (frames: Uint8Array) => {
    const n = frames.length / IMAGE_PIXELS;
    const probs = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) {
      const label = frames[i * IMAGE_PIXELS];
      const p = 0.5 + frames[i * IMAGE_PIXELS + 1] / 1000;
      probs.fill((1 - p) / 9, 10 * i, 10 * i + 10);
      probs[10 * i + label] = p;
    }
    return probs;
  };
  return { decode, classify, calls };
}

describe('computeRegions', () => {
  it('lays the grid out row-major from the top-left, +y at the top, as the manifold', async () => {
    const map = await computeRegions(quadrantSource(), { n: 2, xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    // Top row: y = +1 (quadrants 2 left, 3 right); bottom row: y = -1 (0 left, 1 right).
    expect(Array.from(map.labels)).toEqual([2, 3, 0, 1]);
    expect(Array.from(map.confidence)).toEqual([0.59, 0.61, 0.59, 0.61].map(Math.fround));
  });

  it('decodes and classifies in chunks and gives the same map as one batch', async () => {
    const source = quadrantSource();
    const view = { n: 7, xMin: -3, xMax: 2, yMin: -1, yMax: 4 };
    const chunked = await computeRegions(source, view, 10);
    expect(source.calls).toEqual([10, 10, 10, 10, 9]);
    const whole = await computeRegions(quadrantSource(), view, 1000);
    expect(chunked.labels).toEqual(whole.labels);
    expect(chunked.confidence).toEqual(whole.confidence);
  });

  it('refuses a decoder that answers the wrong number of digits', async () => {
    const source = { ...quadrantSource(), decode: async () => new Uint8Array(IMAGE_PIXELS) };
    await expect(computeRegions(source, { n: 2, xMin: -1, xMax: 1, yMin: -1, yMax: 1 })).rejects.toThrow(/decode returned/);
  });
});

describe('topClasses and checkFrames', () => {
  it('picks each row\'s most probable digit and its probability', () => {
    const probs = new Float32Array(20).fill(0.05);
    probs[7] = 0.55;
    probs[10 + 2] = 0.55;
    expect(topClasses(probs)).toEqual({ labels: Uint8Array.from([7, 2]), confidence: Float32Array.from([0.55, 0.55]) });
  });

  it('refuses frames that are not whole 28x28 digits, or too many of them', () => {
    expect(() => checkFrames(new Uint8Array(100), 10)).toThrow(/whole number/);
    expect(() => checkFrames(new Float32Array(IMAGE_PIXELS), 10)).toThrow(/Uint8Array/);
    expect(() => checkFrames(new Uint8Array(3 * IMAGE_PIXELS), 2)).toThrow(/at most 2/);
  });
});

describe('the regions query', () => {
  const parse = (q: string) => parseRegionsQuery(new URLSearchParams(q));

  it('defaults to 64 cells over the article\'s [-4, 4]^2 and caps n at 100', () => {
    expect(parse('')).toEqual({ n: 64, xMin: -4, xMax: 4, yMin: -4, yMax: 4 });
    expect(parse('n=16&range=2')).toEqual({ n: 16, xMin: -2, xMax: 2, yMin: -2, yMax: 2 });
    expect(parse('n=500').n).toBe(REGIONS_DEFAULTS.maxN);
    expect(parse('xMin=-1&xMax=3&yMin=0&yMax=0.5')).toEqual({ n: 64, xMin: -1, xMax: 3, yMin: 0, yMax: 0.5 });
  });

  it('rejects bad queries as bad requests', () => {
    for (const q of ['n=0', 'n=2.5', 'n=abc', 'range=-1', 'range=0', 'xMin=0', 'xMin=1&xMax=0&yMin=0&yMax=1', 'range=Infinity', 'range=1e9', 'axes=1']) {
      expect(() => parse(q), q).toThrow(ProtocolFailure);
    }
  });
});

describe('the regions service', () => {
  const view = { n: 4, xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

  it('answers JSON with labels, rounded confidence, n, range and bounds; computes a view once', async () => {
    const source = quadrantSource();
    const service = createRegionsService({ decode: (_m, z) => source.decode(z), classify: source.classify });
    const [a, b] = await Promise.all([service.regions('ae', view), service.regions('ae', view)]);
    expect(a).toBe(b);
    expect(await service.regions('ae', view)).toBe(a);
    expect(source.calls).toEqual([16]);
    const body = JSON.parse(a.raw.toString());
    expect(body).toMatchObject({ model: 'ae', n: 4, range: 1, xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    expect(body.labels).toHaveLength(16);
    expect(body.confidence[0]).toBe(0.59);
    const other = JSON.parse((await service.regions('ae', { ...view, yMax: 2 })).raw.toString());
    expect(other.range).toBeNull();
  });

  it('refuses more different maps than it lets wait, and serves again once they are done', async () => {
    const source = quadrantSource();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const service = createRegionsService({ decode: async (_m, z) => (await gate, source.decode(z)), classify: source.classify }, { maxWaiting: 2 });
    const first = service.regions('ae', view);
    const second = service.regions('vae', view);
    expect(() => service.regions('ae', { ...view, n: 5 })).toThrow(/try again/);
    open();
    await Promise.all([first, second]);
    await expect(service.regions('ae', { ...view, n: 5 })).resolves.toBeDefined();
  });
});
