/**
 * The Next.js app as a request handler on our own http server (socket.io's Next.js recipe).
 * Next is imported lazily so API-only servers (tests) never load it.
 */
import type http from 'node:http';

export interface NextHandle {
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export interface NextAppOptions {
  dev: boolean;
  dir: string;
  /** Our server: Next hooks its dev HMR upgrade onto it and leaves other upgrade paths alone. */
  httpServer: http.Server;
  port: number;
  hostname?: string;
}

/** Prepares the app (`.next/` must be built for production) and returns its request handler. */
export async function prepareNext(o: NextAppOptions): Promise<NextHandle> {
  const { default: next } = await import('next');
  // webpack, not Turbopack: the app imports shared/ modules as './x.js', which only webpack maps
  // to the .ts sources (see next.config.js); `npm run build` passes --webpack for the same reason.
  const app = next({ dev: o.dev, dir: o.dir, hostname: o.hostname ?? 'localhost', port: o.port, httpServer: o.httpServer, webpack: true });
  await app.prepare();
  const handler = app.getRequestHandler();
  return { handle: (req, res) => handler(req, res), close: () => app.close() };
}
