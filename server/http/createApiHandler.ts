/**
 * The JSON/image API and /healthz. Every bad input answers a JSON error (400/404) before any work;
 * only a bug answers 500. Requests outside /api and /healthz are not ours (Next serves them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isModelKind, type ModelKind } from '../../shared/constants.js';
import { createRoomRequest, ErrorCode, ROOM_ID_PATTERN, describeIssues, type CreateRoomResponse } from '../../shared/protocol.js';
import { webManifest } from '../../shared/sharing.js';
import type { Logger } from '../log.js';
import type { ModelCatalog } from '../modelCatalog.js';
import { fail, ProtocolFailure, toProtocolError } from '../ProtocolFailure.js';
import { presetPath, presetSummaries } from '../rooms/presets.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { SqliteStore } from '../store/createSqliteStore.js';
import { publicRound } from '../store/roundStore.js';
import { adminAccess } from './adminAccess.js';
import type { ImageService } from './createImageService.js';
import { HttpFailure, retryLater } from './HttpFailure.js';
import { parseManifoldQuery } from './manifoldQuery.js';
import { parseRegionsQuery, regionsOf, REGIONS_ROUTE, type RegionsService } from './regionsRoute.js';
import { modelServiceRoutes, type ModelServiceDeps } from './modelServiceRoutes.js';
import type { Route } from './route.js';
import type { RenderTicket } from './RenderQueue.js';
import { readJsonBody, sendCached, sendError, sendJson } from './respond.js';
import type { Take } from './TokenBuckets.js';
import { serverInfoHandler, type ServerInfoOptions } from './serverInfoRoute.js';
import { testDigitsRoute } from './testDigitsRoute.js';

export interface ApiDeps {
  catalog: ModelCatalog;
  store: SqliteStore;
  manager: RoomManager;
  images: ImageService;
  /** The regions maps; absent when the server has no digit classifier (the route then answers 404). */
  regions?: RegionsService;
  log: Logger;
  defaultModel: ModelKind;
  /** Readiness and totals for /healthz (per-room details when `detailed`); `ready: false` answers 503. */
  health(detailed: boolean): { ready: boolean } & Record<string, unknown>;
  /** The token that unlocks /healthz's details (ADMIN_TOKEN); none: no details for anyone. */
  adminToken?: string;
  /** The "new room" action (a free readable id and a host key). */
  createRoom(model: ModelKind): CreateRoomResponse;
  /** The address a request counts against for limits (see clientAddress.ts). */
  clientOf(req: IncomingMessage): string;
  /** Room creations per client address. */
  roomCreations: { take(client: string): Take };
  /** Encoding and training timelines (absent when the server runs with a decode-only decoder). */
  modelService?: ModelServiceDeps;
  /** PUBLIC_URL and the listening interface, for /api/server-info. */
  serverInfo?: ServerInfoOptions;
}

export type { Route } from './route.js';

const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IMMUTABLE_HOUR = 'public, max-age=3600';

function model(catalog: ModelCatalog, raw: string): ModelKind {
  if (!catalog.has(raw)) fail(ErrorCode.notFound, `no model "${raw}" (try ${catalog.kinds.join(' or ')})`);
  return raw;
}

function roomId(raw: string): string {
  if (!ROOM_ID_PATTERN.test(raw)) fail(ErrorCode.badRequest, 'room id must be 3-40 characters of a-z, 0-9 and -');
  return raw;
}

/** The model of a room that exists (live or stored); 404 for a room nobody made. */
function roomModel(deps: ApiDeps, id: string): ModelKind {
  const kind = deps.manager.get(id)?.model ?? deps.store.getRoom(id)?.model;
  if (!kind) fail(ErrorCode.notFound, `no room ${id}`);
  return model(deps.catalog, kind);
}

function pathOf(deps: ApiDeps, room: string, id: string) {
  if (!PATH_ID.test(id)) fail(ErrorCode.badRequest, 'malformed path id');
  const found = presetPath(room, id) ?? deps.store.getPath(room, id);
  if (!found) fail(ErrorCode.notFound, `no path ${id} in room ${room}`);
  const { authorSessionHash: _secret, ...path } = found as typeof found & { authorSessionHash?: unknown };
  return path;
}

/** A render's ticket: who asks, and a signal that fires if they close the request before the answer. */
function ticketOf(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): RenderTicket {
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  return { signal: aborted.signal, client: deps.clientOf(req) };
}

function routes(deps: ApiDeps): Route[] {
  const { catalog, store, images } = deps;
  return [
    { method: 'GET', pattern: /^\/healthz$/, handler: (req, res) => {
      const access = adminAccess(req.headers.authorization, deps.adminToken);
      if (access === 'refused') {
        return sendError(res, { code: ErrorCode.notAllowed, message: 'wrong admin token' }, 401, { 'www-authenticate': 'Bearer' });
      }
      const h = deps.health(access === 'admin');
      sendJson(res, h.ready ? 200 : 503, h, { 'cache-control': 'no-store' });
    } },
    { method: 'GET', pattern: /^\/api\/server-info$/, handler: serverInfoHandler(deps.serverInfo ?? {}) },
    { method: 'GET', pattern: /^\/api\/models$/, handler: (_req, res) => {
      sendJson(res, 200, { models: catalog.kinds.map((k) => ({ ...catalog.card(k), acceptedBounds: catalog.bounds(k) })) }, { 'cache-control': 'public, max-age=60' });
    } },
    { method: 'GET', pattern: /^\/api\/models\/([^/]+)\/embedding$/, handler: (req, res, [m]) => {
      sendCached(req, res, catalog.embedding(model(catalog, m)), 'application/json; charset=utf-8', IMMUTABLE_HOUR);
    } },
    { method: 'GET', pattern: /^\/api\/models\/([^/]+)\/manifold\.png$/, handler: async (req, res, [m], url) => {
      const kind = model(catalog, m);
      const view = parseManifoldQuery(url.searchParams);
      sendCached(req, res, await images.manifold(kind, view, ticketOf(deps, req, res)), 'image/png', IMMUTABLE_HOUR);
    } },
    { method: 'GET', pattern: REGIONS_ROUTE, handler: async (req, res, [m], url) => {
      const kind = model(catalog, m);
      const view = parseRegionsQuery(url.searchParams);
      sendCached(req, res, await regionsOf(deps.regions).regions(kind, view), 'application/json; charset=utf-8', IMMUTABLE_HOUR);
    } },
    { method: 'POST', pattern: /^\/api\/rooms$/, handler: async (req, res) => {
      const allowed = deps.roomCreations.take(deps.clientOf(req));
      if (!allowed.ok) throw retryLater(ErrorCode.limit, 429, 'too many new rooms from your address', allowed.retryAfterMs);
      const parsed = createRoomRequest.safeParse(await readJsonBody(req, 1024));
      if (!parsed.success) fail(ErrorCode.badRequest, describeIssues(parsed.error));
      if (!catalog.has(parsed.data.model)) fail(ErrorCode.badRequest, `model ${parsed.data.model} is not served here`);
      sendJson(res, 201, deps.createRoom(parsed.data.model), { 'cache-control': 'no-store' });
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)$/, handler: (_req, res, [r]) => {
      const id = roomId(r);
      const stored = store.getRoom(id);
      if (!stored) fail(ErrorCode.notFound, `no room ${id} yet: joining it creates it`);
      const live = deps.manager.get(id);
      sendJson(res, 200, { room: { id, model: live?.model ?? stored.model, tickRate: live?.tickRate ?? stored.tickRate, createdAt: stored.createdAt, participants: live?.size ?? 0 } }, { 'cache-control': 'no-store' });
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/manifest\.webmanifest$/, handler: (_req, res, [r]) => {
      const id = roomId(r);
      roomModel(deps, id);
      sendJson(res, 200, webManifest(id), { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'public, max-age=3600' });
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/preview\.png$/, handler: async (req, res, [r]) => {
      const id = roomId(r);
      const kind = roomModel(deps, id);
      // Short-lived: the host may switch the room's model, and the picture names it.
      sendCached(req, res, await images.preview(kind, id, catalog.embedding(kind).raw, ticketOf(deps, req, res)), 'image/png', 'public, max-age=300');
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/paths$/, handler: (_req, res, [r]) => {
      const id = roomId(r);
      sendJson(res, 200, { paths: presetSummaries(id).concat(store.listPaths(id)) }, { 'cache-control': 'no-store' });
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/rounds$/, handler: (_req, res, [r]) => {
      const id = roomId(r);
      if (!store.getRoom(id)) fail(ErrorCode.notFound, `no room ${id}`);
      sendJson(res, 200, { rounds: store.rounds.list(id).map(publicRound) }, { 'cache-control': 'no-store' });
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/paths\/([^/]+)\.gif$/, handler: async (req, res, [r, p], url) => {
      const id = roomId(r);
      // Presets exist in every room, but only rooms that exist have pictures.
      if (!store.getRoom(id) && !deps.manager.get(id)) fail(ErrorCode.notFound, `no room ${id}`);
      const path = pathOf(deps, id, p);
      const m = url.searchParams.get('model');
      if (m !== null && !isModelKind(m)) fail(ErrorCode.badRequest, 'model must be ae or vae');
      const kind = model(catalog, m ?? deps.manager.get(id)?.model ?? store.getRoom(id)?.model ?? deps.defaultModel);
      sendCached(req, res, await images.gif(kind, path, ticketOf(deps, req, res)), 'image/gif', path.preset ? IMMUTABLE_HOUR : 'public, max-age=300');
    } },
    { method: 'GET', pattern: /^\/api\/rooms\/([^/]+)\/paths\/([^/]+)$/, handler: (_req, res, [r, p]) => {
      sendJson(res, 200, { path: pathOf(deps, roomId(r), p) }, { 'cache-control': 'no-store' });
    } },
    testDigitsRoute(),
    ...(deps.modelService ? modelServiceRoutes(catalog, deps.modelService) : []),
  ];
}

/**
 * Returns a request listener for /api/* and /healthz; it returns false for any other URL so the
 * caller can hand the request to Next.
 */
export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const table = routes(deps);
  return (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, { code: ErrorCode.badRequest, message: 'malformed URL' });
      return true;
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api' && url.pathname !== '/healthz') return false;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const matches = table.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m);
    const match = matches.find((x) => x.r.method === method);
    if (!match) {
      if (matches.length) sendError(res, { code: ErrorCode.badRequest, message: `${req.method} is not allowed here` }, 405);
      else sendError(res, { code: ErrorCode.notFound, message: `no API route ${url.pathname}` });
      return true;
    }
    const params = match.m!.slice(1).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return '\u0000';
      }
    });
    Promise.resolve()
      .then(() => match.r.handler(req, res, params, url))
      .catch((err: unknown) => {
        // The client closed the request: nobody is left to answer.
        if (err instanceof Error && err.name === 'AbortError') return void res.destroy();
        if (!(err instanceof ProtocolFailure)) deps.log.error({ err, event: 'error', url: req.url }, 'API request failed');
        if (res.headersSent) return void res.destroy();
        if (err instanceof HttpFailure) sendError(res, err.toJSON(), err.status, err.headers);
        else sendError(res, toProtocolError(err));
      });
    return true;
  };
}
