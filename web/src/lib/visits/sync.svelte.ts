import { apiError } from '#lib/client.ts';
import { photos, queue, synced, drafts, type QueuedVisit, type SyncedVisit } from './device.ts';

/**
 * The device's outbox of visits. A submitted visit is queued on the device
 * first and sent from there: its photos, then the visit. A network failure
 * leaves it queued for the next try (when the browser says it is online
 * again, and every 30 s); a refusal by the server marks it for the person to
 * fix. The server makes one record per client id, so a retry after a reply
 * that never arrived does no harm.
 */

export const syncState = $state({ pending: [] as QueuedVisit[], recent: [] as SyncedVisit[], syncing: false, online: true });

export async function refreshSync(): Promise<void> {
  syncState.pending = await queue.all();
  syncState.recent = await synced.recent();
  syncState.online = navigator.onLine;
}

/** Queues a finished visit (its draft becomes the queued copy) and tries to send it at once. */
export async function enqueueVisit(item: Omit<QueuedVisit, 'queuedAt' | 'attempts' | 'rejected'>): Promise<void> {
  await queue.put({ ...item, queuedAt: Date.now(), attempts: 0, rejected: null });
  await drafts.remove(item.clientId);
  await refreshSync();
  void flushQueue();
}

type Outcome = 'sent' | 'offline' | { message: string; fields: Record<string, string> };

/** 4xx other than timeouts and throttling are answers about the visit itself; the rest are worth retrying. */
const isRefusal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

async function send(item: QueuedVisit): Promise<Outcome> {
  try {
    for (const id of item.photoIds) {
      const blob = await photos.get(id);
      if (!blob) continue; // already uploaded
      const form = new FormData();
      form.set('id', id);
      form.set('file', blob, `${id}.${blob.type.split('/')[1] ?? 'jpg'}`);
      const res = await fetch('/api/photos', { method: 'POST', body: form });
      if (res.ok) await photos.remove(id);
      else if (isRefusal(res.status)) return apiError(res);
      else return 'offline';
    }
    const res = await fetch('/api/visits', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(item.body) });
    if (res.ok) {
      const { visit } = (await res.json()) as { visit: { id: number } };
      await synced.put({ clientId: item.clientId, title: item.title, visitId: visit.id, at: Date.now() });
      return 'sent';
    }
    return isRefusal(res.status) ? apiError(res) : 'offline';
  } catch {
    return 'offline'; // the network, not the visit
  }
}

let running: Promise<void> | null = null;
let failures = 0;
let retry: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends every queued visit that is not waiting on a fix; one run at a time.
 * When the browser says it is online but a send still fails (the connection
 * is coming back, or the server is restarting), it tries again soon: after
 * 2 s, 4 s, 8 s … up to 30 s.
 */
export function flushQueue(): Promise<void> {
  running ??= (async () => {
    syncState.syncing = true;
    let failed = false;
    try {
      for (const item of await queue.all()) {
        if (item.rejected) continue;
        const outcome = await send(item);
        if (outcome === 'offline') {
          await queue.put({ ...item, attempts: item.attempts + 1 });
          failed = true;
          break;
        }
        if (outcome === 'sent') await queue.remove(item.clientId);
        else await queue.put({ ...item, attempts: item.attempts + 1, rejected: outcome });
      }
    } finally {
      syncState.syncing = false;
      running = null;
      await refreshSync();
      clearTimeout(retry);
      failures = failed ? failures + 1 : 0;
      if (failed && navigator.onLine) retry = setTimeout(() => void flushQueue(), Math.min(30_000, 1000 * 2 ** failures));
    }
  })();
  return running;
}

/** Starts background syncing for the page's lifetime; returns the stop function. */
export function startSync(): () => void {
  const onOnline = () => {
    syncState.online = true;
    void flushQueue();
  };
  const onOffline = () => (syncState.online = false);
  addEventListener('online', onOnline);
  addEventListener('offline', onOffline);
  const timer = setInterval(() => navigator.onLine && void flushQueue(), 30_000);
  void refreshSync().then(() => flushQueue());
  return () => {
    removeEventListener('online', onOnline);
    removeEventListener('offline', onOffline);
    clearInterval(timer);
    clearTimeout(retry);
  };
}

/** Takes a refused visit back into a draft so the person can correct and resubmit it. */
export async function reopenRejected(clientId: string): Promise<string | null> {
  const item = await queue.get(clientId);
  if (!item) return null;
  const { householdIds, visitedOn, visitedAt, channel, staffIds, answers } = item.body;
  await drafts.put({ clientId, query: item.query, title: item.title, formVersionId: item.body.formVersionId, fields: { householdIds, visitedOn, visitedAt, channel, staffIds, answers }, updatedAt: Date.now() });
  await queue.remove(clientId);
  await refreshSync();
  return `/visits/new?${item.query}&draft=${clientId}`;
}
