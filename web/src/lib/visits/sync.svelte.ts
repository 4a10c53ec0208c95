import { api } from '#lib/browser-api.ts';
import { device, type QueuedVisit, type SyncedVisit } from './device.ts';
import { createOutbox } from './outbox.ts';

/** The browser's outbox (lib/visits/outbox.ts) over this device's stores, with its state reactive for the pages. */
export const syncState = $state({
  pending: [] as QueuedVisit[],
  recent: [] as SyncedVisit[],
  syncing: false,
  online: true,
});

const outbox = createOutbox({ api, stores: device, state: syncState, isOnline: () => navigator.onLine });

export const { refresh: refreshSync, enqueue: enqueueVisit, flush: flushQueue, reopenRejected } = outbox;

/** Starts background syncing for the page's lifetime; returns the stop function. */
export const startSync = (): (() => void) => outbox.start(window);
