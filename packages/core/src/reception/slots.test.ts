import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSlots, clockOf, minutesOf, remapBookings, shanghaiInstant } from './slots.ts';

describe('buildSlots', () => {
  it('cuts 09:00–11:00 into four 30-minute slots of the given capacity', () => {
    const r = buildSlots({ startTime: '09:00', endTime: '11:00', slotMinutes: 30, slotCapacity: 2 });
    expect(r.ok && r.value).toEqual([
      { startsAt: '09:00', endsAt: '09:30', capacity: 2 },
      { startsAt: '09:30', endsAt: '10:00', capacity: 2 },
      { startsAt: '10:00', endsAt: '10:30', capacity: 2 },
      { startsAt: '10:30', endsAt: '11:00', capacity: 2 },
    ]);
  });

  it('refuses an end before the start and a slot longer than the day, naming the field', () => {
    const back = buildSlots({ startTime: '10:00', endTime: '09:00', slotMinutes: 30, slotCapacity: 1 });
    expect(!back.ok && back.error.fields).toEqual({ endTime: 'RECEPTION_END_BEFORE_START' });
    const long = buildSlots({ startTime: '09:00', endTime: '09:20', slotMinutes: 30, slotCapacity: 1 });
    expect(!long.ok && long.error.fields).toEqual({ slotMinutes: 'RECEPTION_SLOT_TOO_LONG' });
  });

  it('slots are back to back, equally long, inside the day, and leave less than one slot unused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 * 60 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 10, max: 240 }),
        (start, length, minutes) => {
          const end = Math.min(start + length, 23 * 60 + 59);
          const r = buildSlots({
            startTime: clockOf(start),
            endTime: clockOf(end),
            slotMinutes: minutes,
            slotCapacity: 2,
          });
          if (!r.ok) return;
          const slots = r.value;
          expect(minutesOf(slots[0]!.startsAt)).toBe(start);
          for (let i = 0; i < slots.length; i++) {
            expect(minutesOf(slots[i]!.endsAt) - minutesOf(slots[i]!.startsAt)).toBe(minutes);
            if (i > 0) expect(slots[i]!.startsAt).toBe(slots[i - 1]!.endsAt);
          }
          const last = minutesOf(slots.at(-1)!.endsAt);
          expect(last).toBeLessThanOrEqual(end);
          expect(end - last).toBeLessThan(minutes);
        },
      ),
    );
  });
});

describe('remapBookings', () => {
  const slots = buildSlots({ startTime: '09:00', endTime: '10:00', slotMinutes: 60, slotCapacity: 2 });
  it('moves each booking into the slot that covers its old start', () => {
    const r = remapBookings(
      [
        { id: 1, startsAt: '09:00' },
        { id: 2, startsAt: '09:30' },
      ],
      slots.ok ? slots.value : [],
    );
    expect(r.ok && [...r.value]).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });
  it('refuses rather than dropping a booking that no longer fits', () => {
    const r = remapBookings(
      [
        { id: 1, startsAt: '09:00' },
        { id: 2, startsAt: '09:30' },
        { id: 3, startsAt: '09:30' },
      ],
      slots.ok ? slots.value : [],
    );
    expect(!r.ok && r.error).toEqual({ code: 'RECEPTION_BOOKINGS_DO_NOT_FIT', params: { time: '09:30' } });
    const outside = remapBookings([{ id: 1, startsAt: '14:00' }], slots.ok ? slots.value : []);
    expect(outside.ok).toBe(false);
  });
});

describe('shanghaiInstant', () => {
  it('is eight hours ahead of UTC whatever the process time zone', () => {
    expect(shanghaiInstant('2026-12-01', '09:30').toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(shanghaiInstant('2026-12-01', '03:00').toISOString()).toBe('2026-11-30T19:00:00.000Z');
  });
});
