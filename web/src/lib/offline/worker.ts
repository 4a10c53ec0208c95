import { browser } from '$app/env';

/** What the service worker holds for this user: how many pages, and when the newest was fetched. */
export type OfflineCache = { pages: number; refreshedAt: number | null };

type Request = { type: 'warm'; urls: string[] } | { type: 'clear' } | { type: 'status' };

/** Asks the service worker something and waits for its answer; null with no worker (or none yet). */
export async function askWorker(message: Request): Promise<OfflineCache | null> {
  if (!browser || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker.controller ?? registration.active;
  if (!worker) return null;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 30_000);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data as OfflineCache);
    };
    worker.postMessage(message, [channel.port2]);
  });
}
