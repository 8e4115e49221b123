import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createModelCatalog } from '../../server/modelCatalog.js';
import { createTimelineCatalog } from '../../server/models/timelineCatalog.js';
import { modelServiceRoutes } from '../../server/http/modelServiceRoutes.js';

const MODELS_DIR = process.env.MODELS_DIR ?? 'models';

/** A request whose body arrives when the test says so. */
function slowRequest(): IncomingMessage & PassThrough {
  return Object.assign(new PassThrough(), { headers: {}, method: 'POST' }) as unknown as IncomingMessage & PassThrough;
}

function capture() {
  const sent: { status?: number; body?: string } = {};
  const res = {
    req: { method: 'POST' },
    writeHead: (status: number) => void (sent.status = status),
    end: (body?: Buffer) => void (sent.body = body?.toString()),
  } as unknown as ServerResponse;
  return { res, sent };
}

describe('the encode route', () => {
  it('refuses a fifth encode request while four are still being read or encoded, and takes one again after', async () => {
    const catalog = createModelCatalog(MODELS_DIR, ['ae']);
    let encodes = 0;
    const service = { encode: async (_m: unknown, images: Float32Array) => (encodes++, { zMean: new Float32Array(images.length / 784 * 2), zLogVar: null }) };
    const route = modelServiceRoutes(catalog, { service, timelines: createTimelineCatalog(MODELS_DIR, ['ae']), modelsDir: MODELS_DIR })
      .find((r) => r.method === 'POST')!;
    const call = (req: IncomingMessage) => {
      const { res, sent } = capture();
      return { done: Promise.resolve(route.handler(req, res, ['ae'], new URL('http://x/'))), sent };
    };
    const waiting = Array.from({ length: 4 }, slowRequest);
    const running = waiting.map(call);
    await expect(call(slowRequest()).done).rejects.toMatchObject({ code: 'limit', message: expect.stringMatching(/4 encode requests are already running/) });
    const body = JSON.stringify({ image: new Array(784).fill(0) });
    for (const req of waiting) req.end(body);
    await Promise.all(running.map((r) => r.done));
    expect(running.map((r) => r.sent.status)).toEqual([200, 200, 200, 200]);
    const again = slowRequest();
    const last = call(again);
    again.end(body);
    await last.done;
    expect(last.sent.status).toBe(200);
    expect(encodes).toBe(5);
  });
});
