/**
 * The server factory: one http server carrying the API, socket.io and (optionally) the Next.js
 * app on one port, plus the store, the decoder worker and the rooms. Tests build one on port 0
 * and own it; `main.ts` builds the production one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { ErrorCode, ServerEvent, type ServerNotice } from '../shared/protocol.js';
import { resolveOptions, type ServerOptions } from './config.js';
import { createDecoder, type Decoder } from './decoder/createDecoder.js';
import { createApiHandler } from './http/createApiHandler.js';
import { clientAddress } from './http/clientAddress.js';
import { createImageService } from './http/createImageService.js';
import { startRegions } from './http/regionsRoute.js';
import { roomCreator } from './http/createRoom.js';
import { setPageHeaders } from './http/pageHeaders.js';
import { malformedTarget } from './http/requestGuard.js';
import { sendError } from './http/respond.js';
import { TokenBuckets } from './http/TokenBuckets.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type ServerMetrics } from './metrics.js';
import { createModelCatalog } from './modelCatalog.js';
import { createTimelineCatalog } from './models/timelineCatalog.js';
import { createNearestLookup } from './models/nearestLookup.js';
import { RoomManager } from './rooms/RoomManager.js';
import type { FrameDecoder } from './rooms/types.js';
import { attachSocketHandlers, socketFanout } from './socket/attachSocketHandlers.js';
import { createSqliteStore, type SqliteStore } from './store/createSqliteStore.js';
import { createRoomExpiry } from './store/roomExpiry.js';
import { prepareNext, type NextHandle } from './nextApp.js';
import { healthReport } from './health.js';

export interface PlaygroundServer {
  /** `http://host:port` of the listening server. */
  url: string;
  port: number;
  httpServer: http.Server;
  io: SocketServer;
  manager: RoomManager;
  store: SqliteStore;
  metrics: ServerMetrics;
  log: Logger;
  /** Stops accepting, tells clients (a `notice`), saves recordings, closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Builds and starts a server; resolves once it listens and models, database and worker are ready. */
export async function createServer(options: ServerOptions = {}): Promise<PlaygroundServer> {
  const opts = resolveOptions(options);
  const log = options.logger ?? createLogger({ level: options.logLevel });
  const catalog = createModelCatalog(opts.modelsDir, opts.models);
  const timelines = createTimelineCatalog(opts.modelsDir, opts.models);
  const ownDecoder = options.decoder ? null : await createDecoder({ modelsDir: opts.modelsDir, models: opts.models, threads: opts.decoderThreads, timelines });
  const decoder: FrameDecoder = options.decoder ?? ownDecoder!;
  const service = 'encode' in decoder ? (decoder as Decoder) : null;
  const store = createSqliteStore(opts.dbFile);
  const metrics = createMetrics();
  const manager = new RoomManager({
    store, decoder, log, limits: opts.limits, maxRooms: opts.limits.maxRooms,
    defaultModel: opts.defaultModel, defaultTickRate: opts.defaultTickRate, boundsOf: (m) => catalog.bounds(m),
    models: opts.models, nearest: createNearestLookup(opts.modelsDir), timelineSteps: (m) => timelines.get(m)?.steps ?? null,
    fanout: (conns, event, payload) => fanout(conns, event, payload),
  });
  let state: 'starting' | 'ready' | 'stopping' = 'starting';
  const regions = await startRegions(opts.modelsDir, decoder);
  const images = createImageService(decoder, opts.images);
  const expiry = createRoomExpiry({ ...opts.roomExpiry, store, log, loadedRooms: () => manager.all().map((r) => r.id) });

  const httpServer = http.createServer();
  const api = createApiHandler({
    catalog, store, manager, log, defaultModel: opts.defaultModel, images, regions: regions.service,
    modelService: service ? { service, timelines, modelsDir: opts.modelsDir } : undefined,
    adminToken: opts.adminToken,
    createRoom: roomCreator({ store, log, defaultTickRate: opts.defaultTickRate, maxRooms: opts.limits.maxRooms, liveRooms: () => manager.all().length }),
    clientOf: (req) => clientAddress(req, opts.trustProxy),
    roomCreations: new TokenBuckets(opts.roomCreation),
    health: (detailed) => healthReport({ state, catalog, store, manager, metrics, images, restarts: (decoder as { restarts?: number }).restarts ?? 0, pool: service?.stats() }, detailed),
    serverInfo: { publicUrl: opts.publicUrl, host: opts.host },
  });
  const pageHeaders = {
    roomModel: (id: string) => manager.get(id)?.model ?? store.getRoom(id)?.model,
    publicUrl: opts.publicUrl, trustProxy: opts.trustProxy,
  };
  let nextApp: NextHandle | null = null;
  httpServer.on('request', (req, res) => {
    const malformed = malformedTarget(req);
    if (malformed) return sendError(res, { code: ErrorCode.badRequest, message: malformed });
    if (api(req, res)) return;
    if (nextApp) {
      setPageHeaders(req, pageHeaders);
      return void nextApp.handle(req, res);
    }
    sendError(res, { code: 'not_found', message: 'this server runs without the web app (next: false)' });
  });
  // socket.io attaches its own upgrade handling to this server; we add no other upgrade listener
  // (Next adds its own for HMR in dev, and leaves other paths alone).
  const io = new SocketServer(httpServer, { maxHttpBufferSize: opts.maxHttpBufferSize, serveClient: false });
  const fanout = socketFanout(io);
  const stopWatchingSockets = attachSocketHandlers(io, { manager, log, metrics, rateLimit: opts.rateLimit, slowReaders: opts.slowReaders });

  try {
    await expiry.start();
    if (opts.next) nextApp = await prepareNext({ ...opts.next, httpServer, port: opts.port, hostname: opts.host });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(opts.port, opts.host, () => resolve());
    });
  } catch (err) {
    expiry.stop();
    await images.close();
    store.close();
    await ownDecoder?.close();
    await regions.close();
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : 'localhost'}:${port}`;
  state = 'ready';
  log.info({ event: 'listen', url, db: opts.dbFile, models: opts.models, next: Boolean(opts.next) }, 'listening');

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= shutdown());
  async function shutdown(): Promise<void> {
    state = 'stopping';
    log.info({ event: 'shutdown' }, 'shutting down');
    httpServer.close();
    const notice: ServerNotice = { level: 'warning', code: 'shutdown', message: 'the server is shutting down' };
    io.emit(ServerEvent.notice, notice);
    expiry.stop();
    manager.closeAll();
    stopWatchingSockets();
    // disconnect(true) drains each socket's queued packets (the notice) before closing it.
    for (const socket of io.sockets.sockets.values()) socket.disconnect(true);
    await new Promise((r) => setTimeout(r, 150));
    await new Promise<void>((resolve) => io.close(() => resolve()));
    httpServer.closeAllConnections();
    await images.close();
    store.close();
    await ownDecoder?.close();
    await regions.close();
    await nextApp?.close();
    log.info({ event: 'stopped' }, 'stopped');
  }

  return { url, port, httpServer, io, manager, store, metrics, log, close };
}
