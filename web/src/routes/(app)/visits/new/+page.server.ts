import { randomUUID } from 'node:crypto';
import type { DraftFields } from '#lib/visits/device.ts';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/**
 * The recording form for a duty, a booking or a checkpoint. The visit's
 * client id is made here (or carried in `draft` when a draft is reopened), so
 * a reload comes back to the same draft and the same record.
 */
export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const pick = (k: string) => params.get(k) ?? undefined;
  const query = { dutyId: pick('dutyId'), bookingId: pick('bookingId'), checkpoint: pick('checkpoint') };
  const api = apiClient(event).api;
  const ctx = await unwrap(await api.visits.new.$get({ query }));
  const draftId = params.get('draft');
  const clientId = draftId && /^[0-9a-f-]{36}$/.test(draftId) ? draftId : randomUUID();
  let serverDraft: DraftFields | null = null;
  if (draftId) {
    const { drafts } = await unwrap(await api.me['visit-drafts'].$get());
    const found = drafts.find((d) => d.clientId === draftId);
    serverDraft = ((found?.payload as { fields?: DraftFields } | undefined)?.fields ?? null) as DraftFields | null;
  }
  const keep = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  return { ctx, clientId, query: keep.toString(), serverDraft };
};
