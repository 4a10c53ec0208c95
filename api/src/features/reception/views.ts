import { mayRevealHousehold, privacyFor, type Actor, type Household } from '@frontline/core';
import type { Booking, HouseholdBookingHistory, ReceptionDay, TicketRecord } from '@frontline/db';
import { householdView } from '../../routes/views.ts';
import { mayChangeBooking } from './policy.ts';

/** A day as the API shows it: with its free places, and whether the caller runs it. */
export function dayView(day: ReceptionDay, extra: { mayManage: boolean }) {
  return { ...day, free: day.slots.reduce((n, s) => n + s.capacity - s.booked, 0), ...extra };
}

/**
 * One booking on a day's roster: its household masked (with whether the
 * caller may reveal it) and the household's other bookings. Notes are free
 * text about the household: masked for those who may not reveal it.
 */
export function rosterEntryView(
  actor: Actor,
  b: Booking,
  h: Household,
  history: readonly HouseholdBookingHistory[],
  tickets: readonly TicketRecord[],
  mayManage: boolean,
  /** How many of the household's other bookings to list, and how many it has in all. */
  bound: { limit: number; total: number },
) {
  const privacy = privacyFor(actor, [h]);
  return {
    ...b,
    // the same rule the cancel and move routes enforce, so the page offers 取消预约 only where it will be accepted
    mayChange: mayChangeBooking(actor, b, h, mayManage),
    openTickets: tickets
      .filter((t) => t.householdId === b.householdId)
      .map((t) => ({
        id: t.id,
        type: t.type,
        status: t.status,
        severity: t.severity,
        description: privacy.text(t.description) ?? '',
        resolveBy: new Date(t.resolveBy).toISOString(),
      })),
    note: privacy.text(b.note) ?? '',
    household: householdView(h, { canReveal: mayRevealHousehold(actor, h) }),
    historyTotal: bound.total,
    history: history
      .filter((x) => x.householdId === b.householdId && x.id !== b.id)
      .slice(0, bound.limit)
      .map((x) => ({
        id: x.id,
        date: x.date,
        startsAt: x.startsAt,
        status: x.status,
        reason: x.reason,
        note: privacy.text(x.note) ?? '',
        topic: x.dayTopic,
        executiveName: x.executiveName,
        venue: x.venue,
      })),
  };
}
