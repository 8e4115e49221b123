/**
 * Server options with their defaults, and how the environment maps onto them. Every cap is an
 * option so tests can use small ones; `main.ts` reads the environment, tests pass options.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_KINDS, isModelKind, type ModelKind } from '../shared/constants.js';
import { TICK_RATE } from '../shared/protocol.js';
import { defaultDecoderThreads } from './decoder/decoderThreads.js';
import { ADMIN_TOKEN_MIN } from './http/adminAccess.js';
import type { ImageServiceOptions } from './http/createImageService.js';
import { originSchema } from '../shared/serverInfo.js';
import type { Logger } from './log.js';
import type { FrameDecoder } from './rooms/types.js';
import type { RoomLimits } from './rooms/types.js';
import type { RateLimitOptions } from './socket/RateLimiter.js';
import type { RoomExpiryOptions } from './store/roomExpiry.js';
import type { SlowReaderOptions } from './socket/slowReaders.js';

/** The repository root (where `.next/`, `data/` and `models/` live by default). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Limits extends RoomLimits {
  maxRooms: number;
}

export const DEFAULT_LIMITS: Limits = {
  participantsPerRoom: 300,
  maxRooms: 1000,
  samplesPerPath: 12_000,
  pathsPerRoom: 200,
  replaysPerRoom: 8,
  recordingMs: 10 * 60_000,
  reconnectGraceMs: 2 * 60_000,
  drawingsPerRoom: 200,
};

export interface ServerOptions {
  /** TCP port; 0 picks a free one (tests). Default 3000. */
  port?: number;
  /** Interface to listen on; default all (a class connects over the LAN). */
  host?: string;
  /** SQLite file; default `<repo>/data/playground.db`. */
  dbFile?: string;
  /** Model folders; default MODELS_DIR or `<repo>/models`. */
  modelsDir?: string;
  models?: ModelKind[];
  /** Serve the Next.js app too (false: API and socket.io only, for tests). Default true. */
  next?: boolean | { dev?: boolean; dir?: string };
  /** Use this decoder instead of starting one (the caller closes it). */
  decoder?: FrameDecoder;
  /** onnxruntime worker threads of the decoder pool; default from the core count (`defaultDecoderThreads`). */
  decoderThreads?: number;
  logger?: Logger;
  logLevel?: string;
  limits?: Partial<Limits>;
  rateLimit?: RateLimitOptions;
  /** When a socket that does not read what it is sent is disconnected (buffered bytes, time over). */
  slowReaders?: SlowReaderOptions;
  /** socket.io's max message size; at most 16 KB. */
  maxHttpBufferSize?: number;
  defaultTickRate?: number;
  defaultModel?: ModelKind;
  /** Bearer token that unlocks /healthz's per-room details (ADMIN_TOKEN); none: no details at all. */
  adminToken?: string;
  /** `POST /api/rooms` per client address: `burst` at once, `perMinute` sustained. Default 10 and 4. */
  roomCreation?: Partial<RoomCreationLimit>;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); default none. */
  trustProxy?: string[];
  /** When idle pathless rooms expire (ROOM_EXPIRY_DAYS sets `idleMs`; 0: never). */
  roomExpiry?: Partial<RoomExpiryOptions>;
  /** Picture rendering: queue bound, per-client share, cache bytes (see createImageService). */
  images?: ImageServiceOptions;
  /** The address to share with a class (QR code, invite links), e.g. http://192.168.1.20:3000. */
  publicUrl?: string;
}

export interface RoomCreationLimit {
  burst: number;
  perMinute: number;
}

export const DEFAULT_ROOM_CREATION: RoomCreationLimit = { burst: 10, perMinute: 4 };

function envInt(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** Options from environment variables (PORT, HOST, DB_FILE, MODELS_DIR, LOG_LEVEL, ADMIN_TOKEN, TRUST_PROXY, MAX_*...). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const limits: Partial<Limits> = {};
  const caps: [keyof Limits, string][] = [
    ['participantsPerRoom', 'MAX_PARTICIPANTS'], ['maxRooms', 'MAX_ROOMS'], ['samplesPerPath', 'MAX_PATH_SAMPLES'],
    ['pathsPerRoom', 'MAX_PATHS'], ['replaysPerRoom', 'MAX_REPLAYS'], ['reconnectGraceMs', 'RECONNECT_GRACE_MS'],
    ['drawingsPerRoom', 'MAX_DRAWINGS'],
  ];
  for (const [key, name] of caps) {
    const v = envInt(env, name);
    if (v !== undefined) limits[key] = v;
  }
  const expiryDays = envInt(env, 'ROOM_EXPIRY_DAYS');
  const model = env.DEFAULT_MODEL;
  if (model !== undefined && !isModelKind(model)) throw new Error(`DEFAULT_MODEL must be ae or vae, got "${model}"`);
  return {
    port: envInt(env, 'PORT'),
    host: env.HOST || undefined,
    dbFile: env.DB_FILE || undefined,
    modelsDir: env.MODELS_DIR || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    defaultTickRate: envInt(env, 'TICK_RATE'),
    decoderThreads: envInt(env, 'DECODER_THREADS'),
    defaultModel: model,
    publicUrl: env.PUBLIC_URL || undefined,
    limits,
    adminToken: env.ADMIN_TOKEN || undefined,
    trustProxy: env.TRUST_PROXY ? env.TRUST_PROXY.split(',').map((a) => a.trim()).filter(Boolean) : undefined,
    roomExpiry: expiryDays === undefined ? undefined : { idleMs: expiryDays === 0 ? Infinity : expiryDays * 24 * 3600_000 },
  };
}

function publicUrlOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parsed = originSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`PUBLIC_URL ${parsed.error.issues[0].message}, got "${raw}"`);
  return parsed.data;
}

/** Checks options and fills in defaults. */
export function resolveOptions(o: ServerOptions) {
  const tickRate = o.defaultTickRate ?? TICK_RATE.default;
  if (!(tickRate >= TICK_RATE.min && tickRate <= TICK_RATE.max)) {
    throw new Error(`tick rate must be ${TICK_RATE.min}-${TICK_RATE.max} Hz, got ${tickRate}`);
  }
  const decoderThreads = o.decoderThreads ?? defaultDecoderThreads();
  if (!(Number.isInteger(decoderThreads) && decoderThreads >= 1 && decoderThreads <= 64)) {
    throw new Error(`decoder threads (DECODER_THREADS) must be 1-64, got ${decoderThreads}`);
  }
  const maxHttpBufferSize = Math.min(o.maxHttpBufferSize ?? 16 * 1024, 16 * 1024);
  const models = o.models ?? [...MODEL_KINDS];
  const defaultModel = o.defaultModel ?? (models.includes('vae') ? 'vae' : models[0]);
  if (!models.includes(defaultModel)) throw new Error(`default model ${defaultModel} is not among the served models`);
  if (o.adminToken !== undefined && o.adminToken.length < ADMIN_TOKEN_MIN) {
    throw new Error(`ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN} characters`);
  }
  const next = o.next === false ? null : { dev: false, dir: REPO_ROOT, ...(typeof o.next === 'object' ? o.next : {}) };
  return {
    port: o.port ?? 3000,
    host: o.host,
    dbFile: o.dbFile ?? path.join(REPO_ROOT, 'data', 'playground.db'),
    modelsDir: o.modelsDir ?? process.env.MODELS_DIR ?? path.join(REPO_ROOT, 'models'),
    models,
    next,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    rateLimit: o.rateLimit ?? {},
    slowReaders: o.slowReaders ?? {},
    maxHttpBufferSize,
    defaultTickRate: tickRate,
    decoderThreads,
    defaultModel,
    adminToken: o.adminToken,
    roomCreation: { ...DEFAULT_ROOM_CREATION, ...o.roomCreation },
    trustProxy: o.trustProxy ?? [],
    roomExpiry: o.roomExpiry ?? {},
    images: o.images ?? {},
    publicUrl: publicUrlOf(o.publicUrl),
  };
}
