/**
 * `npm start` / `npm run dev`: reads the environment, builds the web app if it was never built,
 * serves everything on PORT, and shuts down cleanly on SIGTERM or Ctrl-C (a second Ctrl-C forces).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { optionsFromEnv, REPO_ROOT } from './config.js';
import { createServer } from './createServer.js';
import { createLogger } from './log.js';

const USAGE = `usage: npm start            serve the built app, the API and socket.io on PORT (default 3000)
       npm run dev          the same with Next in development mode (hot reload)
options: --no-next (API and socket.io only)   --port N   --db FILE
environment: PORT, HOST, DB_FILE, MODELS_DIR, LOG_LEVEL, TICK_RATE, DEFAULT_MODEL, ADMIN_TOKEN,
             TRUST_PROXY, ROOM_EXPIRY_DAYS, PUBLIC_URL,
             MAX_PARTICIPANTS, MAX_ROOMS, MAX_PATH_SAMPLES, MAX_PATHS, MAX_REPLAYS, RECONNECT_GRACE_MS`;

/** Runs the app build (`next build`) when `.next/BUILD_ID` is missing, so a fresh checkout starts with one command. */
function buildIfMissing(log: ReturnType<typeof createLogger>): void {
  if (existsSync(path.join(REPO_ROOT, '.next', 'BUILD_ID'))) return;
  log.info({ event: 'build' }, 'no .next/BUILD_ID: running npm run build (once)');
  // The package's build script, so the app is built the way its authors configured it.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      'no-next': { type: 'boolean', default: false },
      port: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const env = optionsFromEnv();
  const logger = createLogger({ level: env.logLevel });
  const withNext = !values['no-next'];
  if (withNext && !values.dev) buildIfMissing(logger);
  const server = await createServer({
    ...env,
    logger,
    port: values.port !== undefined ? Number(values.port) : env.port,
    dbFile: values.db ?? env.dbFile,
    next: withNext ? { dev: values.dev } : false,
  });
  console.log(`latent playground on ${server.url}  (rooms at ${server.url}/r/<room>)`);
  // The class joins over the LAN: show the addresses a phone can reach.
  if (!env.host || env.host === '0.0.0.0' || env.host === '::') {
    const lan = Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal);
    for (const a of lan) console.log(`  on your network: http://${a!.address}:${server.port}`);
  }

  let stoppingSince = 0;
  const stop = (signal: string) => {
    if (stoppingSince) {
      // npm and tsx relay a signal the process group already got: only a later one means "now".
      if (Date.now() - stoppingSince < 1000) return;
      logger.warn({ event: 'shutdown', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ event: 'signal', signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err, event: 'error' }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
