import type { IncomingMessage, ServerResponse } from 'node:http';

/** The path pattern's groups, in order. */
export type Params = string[];
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => Promise<void> | void;
/** One API route: its method, its path pattern (groups are the params) and its handler. */
export interface Route { method: 'GET' | 'POST'; pattern: RegExp; handler: RouteHandler }
