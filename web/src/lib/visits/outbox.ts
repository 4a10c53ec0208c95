import { apiError, type ApiClient, type ApiRefusal } from '#lib/client.ts';
import type { DeviceStores, QueuedVisit, SyncedVisit } from './device.ts';
import { photoFileName, retryDelay, verdictOf } from './sync-rules.ts';

/**
 * The device's outbox of visits. A submitted visit is queued on the device
 * first and sent from there: its photos, then the visit. A network failure
 * leaves it queued for the next try (when the browser says it is online
 * again, and every 30 s); a refusal by the server marks it for the person to
 * fix. The server makes one record per client id, so a retry after a reply
 * that never arrived does no harm.
 */

/** What the pages show of the outbox; the browser's copy is reactive state. */
export type OutboxState = { pending: QueuedVisit[]; recent: SyncedVisit[]; syncing: boolean; online: boolean };

export type OutboxDeps = {
  api: ApiClient;
  stores: DeviceStores;
  state: OutboxState;
  /** Whether the browser believes it has a connection (navigator.onLine). */
  isOnline: () => boolean;
};

/** Where the browser says it went online or offline (the window). */
type ConnectionEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export const SYNC_INTERVAL_MS = 30_000;

type Outcome = 'sent' | 'offline' | ApiRefusal;

export function createOutbox({ api, stores, state, isOnline }: OutboxDeps) {
  const { drafts, photos, queue, synced } = stores;

  async function refresh(): Promise<void> {
    state.pending = await queue.all();
    state.recent = await synced.recent();
    state.online = isOnline();
  }

  /** Queues a finished visit (its draft becomes the queued copy) and tries to send it at once. */
  async function enqueue(item: Omit<QueuedVisit, 'queuedAt' | 'attempts' | 'rejected'>): Promise<void> {
    await queue.put({ ...item, queuedAt: Date.now(), attempts: 0, rejected: null });
    await drafts.remove(item.clientId);
    await refresh();
    void flush();
  }

  async function send(item: QueuedVisit): Promise<Outcome> {
    try {
      for (const id of item.photoIds) {
        const blob = await photos.get(id);
        if (!blob) continue; // already uploaded
        const file = new File([blob], photoFileName(id, blob.type), { type: blob.type });
        const res = await api.photos.$post({ form: { id, file } });
        const verdict = verdictOf(res.status);
        if (verdict === 'sent') await photos.remove(id);
        else if (verdict === 'refused') return apiError(res);
        else return 'offline';
      }
      const res = await api.visits.$post({ json: item.body });
      const verdict = verdictOf(res.status);
      if (verdict === 'sent') {
        const { visit } = await res.json();
        await synced.put({ clientId: item.clientId, title: item.title, visitId: visit.id, at: Date.now() });
        return 'sent';
      }
      return verdict === 'refused' ? apiError(res) : 'offline';
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
  function flush(): Promise<void> {
    running ??= (async () => {
      state.syncing = true;
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
        state.syncing = false;
        running = null;
        await refresh();
        clearTimeout(retry);
        failures = failed ? failures + 1 : 0;
        if (failed && isOnline()) retry = setTimeout(() => void flush(), retryDelay(failures));
      }
    })();
    return running;
  }

  /** Syncs in the background: when the browser goes online, every 30 s while it is, and now. Returns the stop function. */
  function start(events: ConnectionEvents): () => void {
    const onOnline = () => {
      state.online = true;
      void flush();
    };
    const onOffline = () => (state.online = false);
    events.addEventListener('online', onOnline);
    events.addEventListener('offline', onOffline);
    const timer = setInterval(() => isOnline() && void flush(), SYNC_INTERVAL_MS);
    void refresh().then(() => flush());
    return () => {
      events.removeEventListener('online', onOnline);
      events.removeEventListener('offline', onOffline);
      clearInterval(timer);
      clearTimeout(retry);
    };
  }

  /** Takes a refused visit back into a draft so the person can correct and resubmit it. */
  async function reopenRejected(clientId: string): Promise<string | null> {
    const item = await queue.get(clientId);
    if (!item) return null;
    const { householdIds, visitedOn, visitedAt, channel, staffIds, answers } = item.body;
    await drafts.put({
      clientId,
      query: item.query,
      title: item.title,
      formVersionId: item.body.formVersionId,
      fields: { householdIds, visitedOn, visitedAt, channel, staffIds, answers },
      updatedAt: Date.now(),
    });
    await queue.remove(clientId);
    await refresh();
    return `/visits/new?${item.query}&draft=${clientId}`;
  }

  return { refresh, enqueue, flush, start, reopenRejected };
}

export type Outbox = ReturnType<typeof createOutbox>;
