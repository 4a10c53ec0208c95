import { getRequestListener } from '@hono/node-server';
import { parse as parseCookies } from 'hono/utils/cookie';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pickLocale } from '@frontline/core';
import type { App } from './app.ts';
import { errorBody } from './http/errors.ts';
import { loopTurns } from './http/loop-turns.ts';
import { baselineHeaders } from './http/security-headers.ts';

const PROTOCOL_HEADER = 'x-frontline-protocol';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** SvelteKit's server code reaches the API in-process through this (see web/src/hooks.server.ts). */
export const IN_PROCESS_API = Symbol.for('frontline.api');
export type InProcessApi = (request: Request, clientAddress: string) => Promise<Response>;

/** Requests started per turn of the event loop (see http/loop-turns.ts). */
export const REQUESTS_PER_TURN = 4;
/**
 * Requests waiting to start before the server answers 503 instead: at a few hundred page loads a second
 * that is a few seconds' wait, past which a client is better told to come back than kept waiting.
 */
export const MAX_WAITING_REQUESTS = 2_000;

function refuseBusy(req: IncomingMessage, res: ServerResponse): void {
  // As the API's locale middleware chooses, with the cookie parser Hono's getCookie uses there.
  const locale = pickLocale(req.headers['accept-language'], parseCookies(req.headers.cookie ?? '', 'lang').lang);
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2' });
  res.end(JSON.stringify(errorBody('SERVER_BUSY', locale)));
}

/**
 * One Node server on one port: Hono answers /api/*, the SvelteKit handler
 * (when built) answers everything else.
 */
export async function createFrontlineServer(
  app: App,
  webHandlerPath: string,
  origin?: string,
  turns: { perTurn: number; maxWaiting: number } = { perTurn: REQUESTS_PER_TURN, maxWaiting: MAX_WAITING_REQUESTS },
): Promise<{ server: Server; web: boolean }> {
  const api = getRequestListener(app.fetch);
  let web: NodeHandler | undefined;
  if (existsSync(webHandlerPath)) {
    // adapter-node reads these at import: it assumes https unless told; we tell it per request
    // through a header only this server sets (any copy sent by a client is overwritten below).
    if (origin) process.env.ORIGIN = origin;
    else process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
    const inProcess: InProcessApi = async (request, clientAddress) =>
      app.fetch(request, { incoming: { socket: { remoteAddress: clientAddress } } });
    (globalThis as Record<symbol, unknown>)[IN_PROCESS_API] = inProcess;
    web = ((await import(pathToFileURL(webHandlerPath).href)) as { handler: NodeHandler }).handler;
    await loadPageModules(webHandlerPath);
  }
  // Pages, assets and the web app's errors alike; SvelteKit adds each page's Content-Security-Policy (web/vite.config.ts).
  const webHeaders = Object.entries(baselineHeaders(origin));
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!web || url === '/api' || url.startsWith('/api/')) return void api(req, res);
    for (const [name, value] of webHeaders) res.setHeader(name, value);
    // this server speaks plain HTTP; behind a TLS proxy, FRONTLINE_ORIGIN sets the origin instead
    req.headers[PROTOCOL_HEADER] = 'http';
    web(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  };
  // Every request waits its turn, the health check too: it then tells a load balancer how long users wait.
  const queue = loopTurns(turns);
  const server = createServer((req, res) => {
    const queued = queue.admit(() => {
      // A client that gave up while waiting (closed its connection) gets no work done for it.
      if (!req.socket.destroyed) handle(req, res);
    });
    if (!queued) {
      for (const [name, value] of webHeaders) res.setHeader(name, value);
      refuseBusy(req, res);
    }
  });
  // Longer than the clients' and proxies' own idle timeouts (browsers, nginx: about 60 s), so a client never
  // reuses a connection at the instant the server closes it (a reset request). Node's default is 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return { server, web: web !== undefined };
}

type PageNode = { component?: () => Promise<unknown> };

/**
 * SvelteKit loads a route's modules when the route is first asked for, so the first visit to a page after
 * start-up paid for loading and compiling them (up to a second for the analysis page). Loading every
 * page's modules here, before the server listens, moves that into start-up. The manifest sits beside
 * adapter-node's handler; a build without one (another adapter) just skips this.
 */
async function loadPageModules(webHandlerPath: string): Promise<void> {
  const manifestPath = join(dirname(webHandlerPath), 'server', 'manifest.js');
  if (!existsSync(manifestPath)) return;
  const { manifest } = (await import(pathToFileURL(manifestPath).href)) as {
    manifest?: { nodes?: (() => Promise<PageNode>)[]; _?: { nodes?: (() => Promise<PageNode>)[] } };
  };
  // Where the node loaders sit moved between SvelteKit versions (`_.nodes` before, `nodes` now).
  const nodes = manifest?.nodes ?? manifest?._?.nodes ?? [];
  await Promise.all(nodes.map(async (load) => (await load()).component?.()));
}
