import type { AppError, Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { SHANGHAI_OFFSET_MS } from '../time.ts';

/** 'HH:MM' in Shanghai local time. */
export type ClockTime = string;

export type SlotPlan = { slotMinutes: number; slotCapacity: number; startTime: ClockTime; endTime: ClockTime };
export type Slot = { startsAt: ClockTime; endsAt: ClockTime; capacity: number };

export const SLOT_MINUTES = { min: 10, max: 240 } as const;
export const SLOT_CAPACITY = { min: 1, max: 20 } as const;
/** A reception day is a working session, not an open-ended event: at most 24 slots. */
export const MAX_SLOTS = 24;

export function minutesOf(time: ClockTime): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

export function clockOf(minutes: number): ClockTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The slots of a reception day: back to back from the start time, each
 * `slotMinutes` long; a remainder shorter than a slot at the end is not a slot.
 */
export function buildSlots(plan: SlotPlan): Result<Slot[], AppError> {
  const start = minutesOf(plan.startTime);
  const end = minutesOf(plan.endTime);
  if (end <= start) return err({ code: 'VALIDATION_FAILED', fields: { endTime: 'RECEPTION_END_BEFORE_START' } });
  const count = Math.floor((end - start) / plan.slotMinutes);
  if (count < 1) return err({ code: 'VALIDATION_FAILED', fields: { slotMinutes: 'RECEPTION_SLOT_TOO_LONG' } });
  if (count > MAX_SLOTS) return err({ code: 'VALIDATION_FAILED', fields: { slotMinutes: 'RECEPTION_TOO_MANY_SLOTS' } });
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const s = start + i * plan.slotMinutes;
    slots.push({ startsAt: clockOf(s), endsAt: clockOf(s + plan.slotMinutes), capacity: plan.slotCapacity });
  }
  return ok(slots);
}

/**
 * Where existing bookings land when a day's slots change: each booking goes to
 * the new slot that covers its old start time. Refused (with the first booking
 * that does not fit) when a booking would fall outside every slot or a slot
 * would hold more than its capacity: nobody is silently dropped.
 */
export function remapBookings<B extends { id: number; startsAt: ClockTime }>(
  bookings: readonly B[],
  slots: readonly Slot[],
): Result<Map<number, number>, AppError> {
  const placed = new Map<number, number>();
  const used = new Array<number>(slots.length).fill(0);
  for (const b of bookings) {
    const t = minutesOf(b.startsAt);
    const index = slots.findIndex((s) => minutesOf(s.startsAt) <= t && t < minutesOf(s.endsAt));
    if (index < 0 || used[index]! >= slots[index]!.capacity) {
      return err({ code: 'RECEPTION_BOOKINGS_DO_NOT_FIT', params: { time: b.startsAt } });
    }
    used[index]!++;
    placed.set(b.id, index);
  }
  return ok(placed);
}

/** A Shanghai wall-clock date and time as an instant (Shanghai has no daylight saving). */
export function shanghaiInstant(date: string, time: ClockTime): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const minutes = minutesOf(time);
  return new Date(Date.UTC(y!, mo! - 1, d!, 0, minutes) - SHANGHAI_OFFSET_MS);
}
