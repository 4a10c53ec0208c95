import { describe, expect, it } from 'vitest';
import { durationParts, urgencyOrder } from './tickets.ts';

const row = (id: number, resolveBy: string, breached = false, paused = false) => ({
  id,
  sla: { resolveBy, breached, paused, noProgressNote: false },
});

describe('ticket time left', () => {
  it('names a duration by its largest whole unit, either sign', () => {
    expect(durationParts(59 * 60_000)).toEqual({ unit: 'minutes', count: 59 });
    expect(durationParts(-3 * 3600_000 - 1)).toEqual({ unit: 'hours', count: 3 });
    expect(durationParts(50 * 3600_000)).toEqual({ unit: 'days', count: 2 });
  });
  it('puts breached tickets first, then the soonest due, and paused ones last', () => {
    const order = urgencyOrder([
      row(1, '2026-12-03T10:00:00Z'),
      row(2, '2026-12-01T10:00:00Z', false, true),
      row(3, '2026-12-02T09:00:00Z'),
      row(4, '2026-12-04T10:00:00Z', true),
    ]).map((t) => t.id);
    expect(order).toEqual([4, 3, 1, 2]);
  });
});
