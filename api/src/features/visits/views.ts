import { privacyFor, viewAnswers, viewIssue, type Actor, type Household } from '@frontline/core';
import type { Visit, VisitSummary } from '@frontline/db';
import { maskedHouseholds } from '../../routes/views.ts';
import type { TimelinePage } from './service.ts';

/**
 * A visit as the caller may read it: households masked, issue locations
 * masked, free text masked unless they may reveal; each issue item with the
 * ticket raised from it, if one was (the link runs both ways).
 */
export function visitView(
  actor: Actor,
  v: Visit,
  households: Household[],
  tickets: ReadonlyMap<number, { id: number; status: string }> = new Map(),
) {
  const privacy = privacyFor(actor, households);
  return {
    ...v,
    answers: viewAnswers(v.definition, v.answers, privacy),
    issues: v.issues.map((i) => ({ ...viewIssue(i, privacy), ticket: tickets.get(i.id) ?? null })),
    households: maskedHouseholds(actor, households),
  };
}

/**
 * A page of a household's timeline as the caller may read it: the household masked, what was raised
 * and booking notes masked unless they may reveal; `nextCursor` asks for the next page (null: the last).
 */
export function timelineView(actor: Actor, household: Household, { entries, nextCursor }: TimelinePage) {
  const privacy = privacyFor(actor, [household]);
  return {
    household: maskedHouseholds(actor, [household])[0]!,
    nextCursor,
    entries: entries.map((e) =>
      e.kind === 'visit'
        ? { ...e, issues: e.issues.map((i) => ({ ...i, description: privacy.text(i.description) ?? '' })) }
        : e.kind === 'booking'
          ? { ...e, booking: { ...e.booking, note: privacy.text(e.booking.note) ?? '' } }
          : {
              kind: e.kind,
              on: e.on,
              at: e.at,
              ticket: {
                id: e.ticket.id,
                type: e.ticket.type,
                status: e.ticket.status,
                severity: e.ticket.severity,
                channel: e.ticket.channel,
                categoryId: e.ticket.categoryId,
                description: privacy.text(e.ticket.description) ?? '',
                closedAt: e.ticket.closedAt === null ? null : new Date(e.ticket.closedAt).toISOString(),
              },
            },
    ),
  };
}

/** What the device gets back for a submission: the record's id, to link to it (GET /visits/:id has the rest). */
export const submittedView = (r: { id: number; created: boolean }, clientId: string) => ({
  visit: { id: r.id, clientId },
  created: r.created,
});

/**
 * A page of the caller's own visits, each with the addresses of its households (masked, as every
 * list shows them), so a list row says which household it was and not only the project.
 */
export function myVisitsView(actor: Actor, page: { items: VisitSummary[]; total: number }, households: Household[]) {
  const byId = new Map(maskedHouseholds(actor, households).map((h) => [h.id, h]));
  return {
    ...page,
    items: page.items.map((v) => ({
      ...v,
      households: v.householdIds.flatMap((id) => {
        const h = byId.get(id);
        return h ? [{ id, building: h.building, unit: h.unit, room: h.room }] : [];
      }),
    })),
  };
}
