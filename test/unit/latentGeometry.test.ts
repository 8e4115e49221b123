import { describe, expect, it } from 'vitest';
import { createLocalCursor } from '../../app/lib/localCursor';
import { manifoldUrl } from '../../app/lib/api';
import { parseManifoldQuery } from '../../server/http/manifoldQuery.js';
import { createModelCatalog } from '../../server/modelCatalog.js';
import { MODEL_KINDS } from '../../shared/constants.js';
import {
  clampToBounds, insideBounds, isProperBounds, manifoldSearch, widenBounds, type LatentBounds, type LatentPoint,
} from '../../shared/latent.js';
import { clientSchemas } from '../../shared/protocol.js';
import { createWalker, WALKS } from '../../bot/walks.js';

const MODELS_DIR = process.env.MODELS_DIR ?? 'models';

describe('latent bounds', () => {
  it('widens the card bounds by half their span on each side', () => {
    expect(widenBounds({ min: [-4, -2], max: [4, 6] })).toEqual([-8, -6, 8, 10]);
  });

  it('accepts two finite numbers inside and refuses anything else', () => {
    const b = widenBounds({ min: [-4, -4], max: [4, 4] });
    expect(insideBounds(b, [0, 0])).toBe(true);
    expect(insideBounds(b, [8, -8])).toBe(true); // edges count
    expect(insideBounds(b, [8.01, 0])).toBe(false);
    expect(insideBounds(b, [NaN, 0])).toBe(false);
    expect(insideBounds(b, [Infinity, 0])).toBe(false);
    expect(insideBounds(b, [0])).toBe(false);
  });

  it('clamps a point into the bounds', () => {
    expect(clampToBounds([-1, -1, 1, 1], [5, -0.5])).toEqual([1, -0.5]);
  });

  it('tells a proper rectangle from an empty or broken one', () => {
    expect(isProperBounds([-1, -1, 1, 1])).toBe(true);
    expect(isProperBounds([1, -1, 1, 1])).toBe(false);
    expect(isProperBounds([-1, NaN, 1, 1])).toBe(false);
    expect(isProperBounds([-1, -1, 1])).toBe(false);
  });
});

/** Points a hand, a link or a buggy caller might ask for: far out, on the edges, tiny, huge. */
function awkwardPoints(b: LatentBounds): LatentPoint[] {
  const points: LatentPoint[] = [];
  const xs = [b[0], b[2], b[0] - 1e-12, b[2] + 1e-12, -1e308, 1e308, -0, 5e-324, (b[0] + b[2]) / 2, b[0] * 3, b[2] * 3];
  const ys = [b[1], b[3], b[1] - 1e-12, b[3] + 1e-12, -1e308, 1e308, -0, -5e-324, (b[1] + b[3]) / 2, b[1] * 3, b[3] * 3];
  for (const x of xs) for (const y of ys) points.push([x, y]);
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 40;
  for (let i = 0; i < 500; i++) points.push([random(), random()]);
  return points;
}

describe.each(MODEL_KINDS)("the %s model's bounds", (kind) => {
  const catalog = createModelCatalog(MODELS_DIR, [kind]);
  const serverBounds = catalog.bounds(kind);
  // The client learns the bounds from a JSON room snapshot.
  const clientBounds = JSON.parse(JSON.stringify(serverBounds)) as LatentBounds;
  const serverAccepts = (z: LatentPoint) => {
    const wire = JSON.parse(JSON.stringify({ z, seq: 1 })) as unknown;
    const parsed = clientSchemas.cursor.safeParse(wire);
    return parsed.success && insideBounds(serverBounds, parsed.data.z);
  };

  it('are a proper rectangle around the encoded test set', () => {
    expect(isProperBounds(serverBounds)).toBe(true);
    const card = catalog.card(kind).latentBounds;
    expect(insideBounds(serverBounds, card.min) && insideBounds(serverBounds, card.max)).toBe(true);
  });

  it("hold every point the web app's cursor clamps, as the server checks it", () => {
    const cursor = createLocalCursor();
    cursor.setBounds(clientBounds);
    const sent: LatentPoint[] = [];
    cursor.subscribe((z) => sent.push([z[0], z[1]]));
    for (const p of awkwardPoints(clientBounds)) {
      cursor.set(p);
      cursor.step(1e6, -1e6);
      cursor.step(-3e-9, 3e-9);
    }
    expect(sent.length).toBeGreaterThan(500);
    expect(sent.filter((z) => !serverAccepts(z))).toEqual([]);
  });

  it("hold every point the bot's walks send", () => {
    for (const walk of WALKS) {
      const walker = createWalker(walk, clientBounds, 0.3, () => 0.999);
      for (let t = 0; t < 60_000; t += 97) expect(serverAccepts(walker.at(t)), `${walk} at ${t} ms`).toBe(true);
    }
  });

  it("reach the server's manifold query unchanged but for rounding", () => {
    const url = new URL(manifoldUrl(kind, clientBounds), 'http://x');
    const view = parseManifoldQuery(url.searchParams);
    expect(url.search.slice(1)).toBe(manifoldSearch(clientBounds));
    const asked = [view.xMin, view.yMin, view.xMax, view.yMax];
    asked.forEach((v, i) => expect(v).toBeCloseTo(clientBounds[i], 3));
    expect(view.n).toBe(30);
  });
});
