/**
 * One app instance of servers.bench.ts in its own thread, so two instances
 * run on two cores as two server processes would: its own database
 * connection (openMigratedDatabase on the shared database), its own
 * createApp, its own HTTP server from @hono/node-server on a free port.
 * Posts the port once listening; closes server and database when told 'stop'.
 */
import { serve } from '@hono/node-server';
import { DEFAULT_SESSION_POLICY } from '@frontline/core';
import { openMigratedDatabase } from '@frontline/db';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../src/app.ts';

export type ServerWorkerData = { location: string; start: number };

const { location, start } = workerData as ServerWorkerData;
const db = await openMigratedDatabase(location);
// The bench's clock starts at `start` and runs in real time, so rows written later get later instants.
const origin = performance.now();
const app = createApp({
  db,
  now: () => start + Math.floor(performance.now() - origin),
  sessionPolicy: DEFAULT_SESSION_POLICY,
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  parentPort?.postMessage({ port: info.port }),
);
parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  server.close(() => {
    void db.close().then(() => parentPort?.postMessage('stopped'));
  });
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
});
