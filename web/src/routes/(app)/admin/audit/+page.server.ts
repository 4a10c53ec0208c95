import { isAuditAction } from '@frontline/core';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The audit log, filtered by action and by who acted; both live in the URL, so reload and links keep them. */
export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const offset = /^\d+$/.test(q.get('offset') ?? '') ? q.get('offset')! : '0';
  const action = q.get('action') ?? '';
  const actorId = /^[1-9]\d*$/.test(q.get('actorId') ?? '') ? q.get('actorId')! : '';
  const api = apiClient(event).api;
  const [page, actor] = await Promise.all([
    unwrap(
      await api.audit.$get({
        query: { limit: '50', offset, ...(isAuditAction(action) ? { action } : {}), ...(actorId ? { actorId } : {}) },
      }),
    ),
    actorId ? api.employees[':id'].$get({ param: { id: actorId } }) : null,
  ]);
  const who = actor?.ok ? await actor.json() : null;
  return {
    page,
    offset: Number(offset),
    action: isAuditAction(action) ? action : '',
    actorId,
    actor: who ? { name: who.name, employeeNo: who.employeeNo } : null,
  };
};
