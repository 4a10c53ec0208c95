import { REPORTER_KINDS, TICKET_CHANNELS, TICKET_SEVERITIES, TICKET_TYPES, type TicketChannel } from '@frontline/core';
import { fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

const positive = (v: string | null): string | undefined => (v && /^\d+$/.test(v) && v !== '0' ? v : undefined);

/**
 * Raising a ticket. The household comes from a phone lookup (the 400 desk),
 * or from where the person came from: a household page (`householdId`), a
 * visit's issue item (`visitId` + `visitIssueId`, which prefill category,
 * location and description), or a reception-day booking (`bookingId`). The
 * channel is preselected by that origin. The client id is made once per
 * form, so a double submit (or a retry on a weak signal) makes one ticket.
 */
export const load: PageServerLoad = async (event) => {
  const api = apiClient(event).api;
  const q = event.url.searchParams;
  const phone = (q.get('phone') ?? '').trim();
  const householdId = positive(q.get('householdId'));
  const visitId = positive(q.get('visitId'));
  const visitIssueId = positive(q.get('visitIssueId'));
  const bookingId = positive(q.get('bookingId'));
  const [categories, lookup, detail, visit] = await Promise.all([
    api['issue-categories'].$get().then(unwrap),
    phone && !householdId ? api.tickets.lookup.$get({ query: { phone } }) : null,
    householdId ? api.households[':id'].$get({ param: { id: householdId } }) : null,
    visitId ? api.visits[':id'].$get({ param: { id: visitId } }) : null,
  ]);
  const found = lookup?.ok ? (await lookup.json()).households : null;
  const picked = detail?.ok ? await detail.json() : null;
  const visitBody = visit?.ok ? (await visit.json()).visit : null;
  const issue = visitBody?.issues.find((i) => String(i.id) === visitIssueId) ?? null;
  const channel: TicketChannel = visitIssueId
    ? 'visit'
    : bookingId
      ? 'reception_day'
      : phone
        ? 'phone_400'
        : 'customer_relations';
  return {
    clientId: randomUUID(),
    phone,
    lookupFailed: lookup !== null && !lookup.ok,
    found,
    household: picked ? { ...picked.household, projectName: picked.project.name } : null,
    channel,
    visitIssueId: visitIssueId ?? '',
    bookingId: bookingId ?? '',
    issue: issue && {
      categoryId: issue.categoryId,
      description: issue.description,
      building: issue.building,
      unit: issue.unit,
      room: issue.room,
      area: issue.area,
      severity: issue.severity,
    },
    categories: categories.categories.filter((c) => c.active).map((c) => ({ id: c.id, label: c.label })),
  };
};

const oneOf = <T extends string>(values: readonly T[], v: string): T | undefined => values.find((x) => x === v);

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const type = oneOf(TICKET_TYPES, field(form, 'type'));
    const channel = oneOf(TICKET_CHANNELS, field(form, 'channel'));
    if (!type || !channel) return fail(422, { action: 'create', message: 'type / channel', fields: {} });
    const visitIssueId = field(form, 'visitIssueId');
    const bookingId = field(form, 'bookingId');
    const response = await apiClient(event).api.tickets.$post({
      json: {
        clientId: field(form, 'clientId'),
        householdId: Number(field(form, 'householdId')),
        channel,
        type,
        categoryId: Number(field(form, 'categoryId')),
        description: field(form, 'description'),
        severity: oneOf(TICKET_SEVERITIES, field(form, 'severity')) ?? 'general',
        reporterKind: oneOf(REPORTER_KINDS, field(form, 'reporterKind')) ?? 'owner',
        reporterName: field(form, 'reporterName'),
        reporterPhone: field(form, 'reporterPhone'),
        building: field(form, 'building'),
        unit: field(form, 'unit'),
        room: field(form, 'room'),
        area: field(form, 'area'),
        ...(visitIssueId && { visitIssueId: Number(visitIssueId) }),
        ...(bookingId && { bookingId: Number(bookingId) }),
      },
    });
    if (!response.ok) return failWith('create', response);
    const body = (await response.json()) as { ticket: { id: number } };
    redirect(303, `/tickets/${body.ticket.id}`);
  },
};
