import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YEAR_2026 } from '../calendar/fixtures.test-data.ts';
import { createWorkCalendar } from '../calendar/work-calendar.ts';
import { computeSla, defaultSlaLimits, instantAtFraction, oneWorkingDayAfter, type ClockEvent } from './sla.ts';
import { createWorkingTime } from './working-time.ts';

const HOUR = 3600_000;
const wt = createWorkingTime(createWorkCalendar([YEAR_2026]));
const sh = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const limits = { firstResponseDays: 0, resolveDays: 3 };

describe('default limits', () => {
  it('halves resolution for major and crisis tickets', () => {
    expect(defaultSlaLimits('general', 'single_line')).toEqual({ firstResponseDays: 0, resolveDays: 3 });
    expect(defaultSlaLimits('general', 'cross_line')).toEqual({ firstResponseDays: 0, resolveDays: 7 });
    expect(defaultSlaLimits('major', 'single_line')).toEqual({ firstResponseDays: 0, resolveDays: 1.5 });
    expect(defaultSlaLimits('crisis', 'cross_line')).toEqual({ firstResponseDays: 0, resolveDays: 3.5 });
  });
});

describe('computeSla', () => {
  it('runs over the Spring Festival and projects from now', () => {
    const at = sh('2026-02-13 17:00');
    const clock = computeSla(wt, [{ at, clock: 'running' }], limits, sh('2026-02-14 10:00'), null);
    expect(clock.budgetMs).toBe(28 * HOUR);
    expect(clock.elapsedMs).toBe(2 * HOUR);
    expect(clock.resolveBy).toBe(sh('2026-02-25 18:00'));
    expect(clock.firstResponseBy).toBe(sh('2026-02-13 18:00'));
    expect(clock.firstResponseLate).toBe(true);
    expect(clock.breached).toBe(false);
  });

  it('never counts a pause, even one over a weekend, and projects a paused clock as if resumed now', () => {
    const events: ClockEvent[] = [
      { at: sh('2026-12-03 10:00'), clock: 'running' }, // Thu
      { at: sh('2026-12-03 12:00'), clock: 'paused' },
      { at: sh('2026-12-07 11:00'), clock: 'running' }, // Mon
    ];
    const clock = computeSla(wt, events, limits, sh('2026-12-07 12:00'), sh('2026-12-03 11:00'));
    expect(clock.elapsedMs).toBe(3 * HOUR);
    expect(clock.firstResponseLate).toBe(false);
    expect(clock.budgetMs).toBe(35 * HOUR); // 8 h on 12-03 + 3 days
    expect(clock.resolveBy).toBe(wt.add(sh('2026-12-07 12:00'), 32 * HOUR));
    const paused = computeSla(wt, events.slice(0, 2), limits, sh('2026-12-04 15:00'), null);
    expect(paused.paused).toBe(true);
    expect(paused.elapsedMs).toBe(2 * HOUR);
    expect(paused.resolveBy).toBe(wt.add(sh('2026-12-04 15:00'), 33 * HOUR));
  });

  it('keeps the total running when a closed ticket is reopened', () => {
    const events: ClockEvent[] = [
      { at: sh('2026-12-01 09:00'), clock: 'running' },
      { at: sh('2026-12-02 18:00'), clock: 'stopped' },
      { at: sh('2026-12-07 09:00'), clock: 'running' },
    ];
    const closed = computeSla(wt, events, limits, sh('2026-12-04 09:00'), null);
    expect(closed.stopped).toBe(true);
    expect(closed.elapsedMs).toBe(18 * HOUR);
    const reopened = computeSla(wt, events, limits, sh('2026-12-08 18:00'), null);
    expect(reopened.elapsedMs).toBe(36 * HOUR);
    expect(reopened.budgetMs).toBe(36 * HOUR);
    expect(reopened.breached).toBe(false);
    const later = computeSla(wt, events, limits, sh('2026-12-09 10:00'), null);
    expect(later.breached).toBe(true);
    expect(later.resolveBy).toBe(sh('2026-12-08 18:00'));
  });

  it('rejects out-of-order events and a history not starting with acceptance', () => {
    expect(() =>
      computeSla(
        wt,
        [
          { at: 2, clock: 'running' },
          { at: 1, clock: 'paused' },
        ],
        limits,
        3,
        null,
      ),
    ).toThrow();
    expect(() => computeSla(wt, [{ at: 1, clock: 'paused' }], limits, 3, null)).toThrow();
  });

  it('schedules the 75% reminder and the escalation a working day after breach', () => {
    const at = sh('2026-12-01 09:00');
    const clock = computeSla(wt, [{ at, clock: 'running' }], limits, at, null);
    expect(instantAtFraction(wt, clock, 0.75, at)).toBe(wt.add(at, 27 * HOUR));
    expect(oneWorkingDayAfter(wt, sh('2026-12-04 18:00'))).toBe(sh('2026-12-07 18:00'));
  });

  const FIRST = sh('2026-09-01 00:00');
  const history = fc
    .tuple(
      fc.integer({ min: 0, max: 60 * 24 * 60 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 * 24 * 60 }), fc.constantFrom('running', 'paused', 'stopped')), {
        maxLength: 8,
      }),
      fc.integer({ min: 0, max: 40 * 24 * 60 }),
      fc.constantFrom(0, 0.5, 1.5, 3, 7),
    )
    .map(([start, steps, nowAfter, days]) => {
      let t = FIRST + start * 60_000;
      const events: ClockEvent[] = [{ at: t, clock: 'running' }];
      for (const [gap, clock] of steps) events.push({ at: (t += gap * 60_000), clock: clock as ClockEvent['clock'] });
      return { events, now: events[0]!.at + nowAfter * 60_000, days };
    });

  it('counts exactly the running intervals; met iff stopped by resolveBy; breached iff over budget', () => {
    fc.assert(
      fc.property(history, ({ events, now, days }) => {
        const clock = computeSla(wt, events, { firstResponseDays: 0, resolveDays: days }, now, null);
        const past = events.filter((e) => e.at <= now);
        let sum = 0;
        past.forEach((e, i) => {
          if (e.clock === 'running') sum += wt.between(e.at, Math.min(past[i + 1]?.at ?? now, now));
        });
        expect(clock.elapsedMs).toBe(sum);
        expect(clock.breached).toBe(clock.elapsedMs > clock.budgetMs);
        // Closed when the last run of 'stopped' events began (a repeated stop does not close it again).
        let closedAt = past.length - 1;
        while (closedAt > 0 && past[closedAt - 1]!.clock === 'stopped') closedAt--;
        if (clock.stopped) expect(past[closedAt]!.at <= clock.resolveBy).toBe(!clock.breached);
        else if (!clock.breached) expect(clock.resolveBy).toBe(wt.add(now, clock.remainingMs));
      }),
      { numRuns: 300 },
    );
  });
});
