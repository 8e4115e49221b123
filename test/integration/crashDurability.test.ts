import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/createSqliteStore.js';
import { joinRoom, MODELS_DIR, startServer, steer, tempDbFile } from './helpers.js';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'childServer.ts');

describe('durability of a saved path', () => {
  it('keeps a path whose save was acked when the server is killed with SIGKILL', async () => {
    const dbFile = tempDbFile();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, DB_FILE: dbFile, MODELS_DIR: path.resolve(MODELS_DIR) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`child exited before it was ready: ${out}`)));
    });

    const a = await joinRoom(url, 'crash-room', { name: 'Durable' });
    const b = a.joined.room.bounds;
    expect((await a.emit('record:start', {})).ok).toBe(true);
    for (let i = 0; i < 6; i++) await steer(a, [b[0] + (b[2] - b[0]) * (0.3 + 0.05 * i), (b[1] + b[3]) / 2], i + 1);
    const ack = await a.emit('record:stop', { name: 'Survivor' });
    // Kill at once: no shutdown handler, no checkpoint, no close.
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    a.close();
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;

    const store = createSqliteStore(dbFile);
    const saved = store.getPath('crash-room', ack.path.id);
    store.close();
    expect(saved).toMatchObject({ name: 'Survivor', sampleCount: ack.path.sampleCount });

    const server = await startServer({ dbFile });
    const res = await fetch(`${server.url}/api/rooms/crash-room/paths/${ack.path.id}`);
    expect(res.status).toBe(200);
    await server.close();
  }, 60_000);
});
