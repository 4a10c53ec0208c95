import { describe, expect, it } from 'vitest';
import {
  afterCursorAtItsMinute,
  compareTimelineKeys,
  parseTimelineCursor,
  shanghaiMinuteStart,
  timelineCursor,
  timelineQuery,
  type TimelineKey,
} from './timeline.ts';

const key = (on: string, at: string, kind: TimelineKey['kind'], id: number): TimelineKey => ({ on, at, kind, id });

describe('the timeline’s order and cursors', () => {
  it('orders newest first by date and minute, then visit, booking, ticket, then the higher id', () => {
    const keys = [
      key('2026-11-22', '09:30', 'ticket', 9),
      key('2026-11-23', '08:00', 'ticket', 1),
      key('2026-11-22', '09:30', 'visit', 3),
      key('2026-11-22', '09:30', 'booking', 4),
      key('2026-11-22', '09:30', 'visit', 7),
      key('2026-11-21', '23:59', 'visit', 99),
    ];
    expect([...keys].sort(compareTimelineKeys).map(timelineCursor)).toEqual([
      '2026-11-23.0800.ticket.1',
      '2026-11-22.0930.visit.7',
      '2026-11-22.0930.visit.3',
      '2026-11-22.0930.booking.4',
      '2026-11-22.0930.ticket.9',
      '2026-11-21.2359.visit.99',
    ]);
  });

  it('a cursor reads back as its key; anything else is refused', () => {
    const k = key('2026-02-28', '00:05', 'booking', 123456);
    expect(parseTimelineCursor(timelineCursor(k))).toEqual(k);
    for (const bad of ['', 'x', '2026-02-29.0930.visit.1', '2026-11-23.2400.visit.1', '2026-11-23.0930.visit.01'])
      expect(parseTimelineCursor(bad)).toBeUndefined();
  });

  it('says which entries of the cursor’s own minute come after it', () => {
    const k = key('2026-11-22', '09:30', 'booking', 4);
    expect(afterCursorAtItsMinute('visit', k)).toBe('none');
    expect(afterCursorAtItsMinute('booking', k)).toBe('lower-ids');
    expect(afterCursorAtItsMinute('ticket', k)).toBe('all');
  });

  it('a Shanghai minute begins eight hours before the same clock time in UTC', () => {
    expect(shanghaiMinuteStart('2026-11-23', '10:00')).toBe(Date.UTC(2026, 10, 23, 2, 0));
  });

  it('the query defaults to 30 and refuses more than 100', () => {
    expect(timelineQuery.parse({})).toEqual({ limit: 30 });
    expect(timelineQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(timelineQuery.parse({ limit: '100', cursor: '2026-11-22.0930.visit.7' })).toEqual({
      limit: 100,
      cursor: key('2026-11-22', '09:30', 'visit', 7),
    });
  });
});
