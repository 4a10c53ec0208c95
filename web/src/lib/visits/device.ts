import type { VisitInput } from '@frontline/core';
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';

/**
 * What the phone keeps in IndexedDB so a visit is never lost: drafts as they
 * are typed, photos as they are taken, and submitted visits until the server
 * has them. IndexedDB survives reloads, going offline and closing the tab.
 */

export type DraftFields = Pick<VisitInput, 'householdIds' | 'visitedOn' | 'visitedAt' | 'channel' | 'staffIds'> & {
  answers: Record<string, unknown>;
};

export type DeviceDraft = {
  clientId: string;
  /** Where the form was opened from, to reopen it. */
  query: string;
  title: string;
  formVersionId: number;
  fields: DraftFields;
  updatedAt: number;
};

export type QueuedVisit = {
  clientId: string;
  title: string;
  query: string;
  body: VisitInput;
  photoIds: string[];
  queuedAt: number;
  attempts: number;
  /** Set when the server refused it (not a network failure): it waits for the person to fix it. */
  rejected: { message: string; fields: Record<string, string> } | null;
};

export type SyncedVisit = { clientId: string; title: string; visitId: number; at: number };

/** The device's four stores; `prefix` names their databases (tests open their own). */
export function openDeviceStores(prefix = 'frontline') {
  let stores: { drafts: UseStore; photos: UseStore; queue: UseStore; synced: UseStore } | undefined;
  /** One database per store name keeps the stores independent; created on first use, so never on the server. */
  const db = () =>
    (stores ??= {
      drafts: createStore(`${prefix}-drafts`, 'drafts'),
      photos: createStore(`${prefix}-photos`, 'photos'),
      queue: createStore(`${prefix}-queue`, 'queue'),
      synced: createStore(`${prefix}-synced`, 'synced'),
    });
  return {
    drafts: {
      get: (id: string) => get<DeviceDraft>(id, db().drafts),
      put: (d: DeviceDraft) => set(d.clientId, d, db().drafts),
      remove: (id: string) => del(id, db().drafts),
      all: async () => (await entries<string, DeviceDraft>(db().drafts)).map(([, v]) => v),
    },
    photos: {
      get: (id: string) => get<Blob>(id, db().photos),
      put: (id: string, blob: Blob) => set(id, blob, db().photos),
      remove: (id: string) => del(id, db().photos),
    },
    queue: {
      get: (id: string) => get<QueuedVisit>(id, db().queue),
      put: (q: QueuedVisit) => set(q.clientId, q, db().queue),
      remove: (id: string) => del(id, db().queue),
      all: async () =>
        (await entries<string, QueuedVisit>(db().queue)).map(([, v]) => v).sort((a, b) => a.queuedAt - b.queuedAt),
    },
    synced: {
      put: (s: SyncedVisit) => set(s.clientId, s, db().synced),
      get: (id: string) => get<SyncedVisit>(id, db().synced),
      recent: async (limit = 20) =>
        (await entries<string, SyncedVisit>(db().synced))
          .map(([, v]) => v)
          .sort((a, b) => b.at - a.at)
          .slice(0, limit),
    },
  };
}

export type DeviceStores = ReturnType<typeof openDeviceStores>;

/** This browser's stores, as every page uses them. */
export const device = openDeviceStores();
export const { drafts, photos, queue, synced } = device;
