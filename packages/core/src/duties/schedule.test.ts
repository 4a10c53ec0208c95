import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, eachDate } from '../calendar/dates.ts';
import { YEAR_2026 } from '../calendar/fixtures.test-data.ts';
import { periodsOverlapping } from '../calendar/periods.ts';
import { createWorkCalendar } from '../calendar/work-calendar.ts';
import { DEFAULT_PARTICIPATION } from './participation.ts';
import { DEFAULT_CADENCE_RULES } from './rules.ts';
import {
  chooseDate,
  generateSchedule,
  type ScheduleEmployee,
  type ScheduleInput,
  type ScheduleProject,
} from './schedule.ts';

const calendar = createWorkCalendar([YEAR_2026]);
const rules = DEFAULT_CADENCE_RULES.map((r, i) => ({ ...r, id: i + 1 }));

function group(
  regions: number,
  projectsPerRegion: number,
): { employees: ScheduleEmployee[]; projects: ScheduleProject[] } {
  const projects: ScheduleProject[] = [];
  const employees: ScheduleEmployee[] = [];
  let id = 1;
  for (let r = 1; r <= regions; r++) {
    employees.push({
      id: id++,
      position: 'regional_president',
      line: 'president_office',
      regionId: r,
      projectId: null,
      households: 0,
    });
    for (const line of ['engineering', 'marketing', 'customer_relations'] as const) {
      employees.push({ id: id++, position: 'functional_head', line, regionId: r, projectId: null, households: 0 });
    }
    for (let k = 0; k < projectsPerRegion; k++) {
      const p = { id: projects.length + 1, regionId: r, stage: 'occupied' as const };
      projects.push(p);
      employees.push({
        id: id++,
        position: 'project_head',
        line: 'president_office',
        regionId: r,
        projectId: p.id,
        households: 0,
      });
      employees.push({
        id: id++,
        position: 'staff',
        line: 'engineering',
        regionId: r,
        projectId: p.id,
        households: 40,
      });
      employees.push({
        id: id++,
        position: 'staff',
        line: 'customer_relations',
        regionId: r,
        projectId: p.id,
        households: 40,
      });
    }
  }
  return { employees, projects };
}

function input(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  const { employees, projects } = group(2, 5);
  return {
    horizon: { from: '2026-01-01', to: '2026-12-31' },
    today: '2026-01-01',
    calendar,
    allowUnknownYears: false,
    rules,
    employees,
    projects,
    events: [],
    participation: DEFAULT_PARTICIPATION,
    leaves: new Map(),
    blackouts: new Map(),
    busy: new Map(),
    ...overrides,
  };
}

describe('schedule generation', () => {
  it('gives every executive exactly one reception per period of their cadence', () => {
    const { duties } = generateSchedule(input());
    const expected = { regional_president: 4, functional_head: 6, project_head: 12 } as const;
    for (const e of input().employees) {
      if (e.position === 'staff') continue;
      const mine = duties.filter((d) => d.kind === 'reception' && d.employeeId === e.id);
      expect(mine).toHaveLength(expected[e.position as keyof typeof expected]);
      expect(new Set(mine.map((d) => d.periodKey)).size).toBe(mine.length);
    }
  });

  it('never proposes a holiday or a weekend that is not a make-up day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 300 }),
        (regions, perRegion, offset) => {
          const today = eachDate('2026-01-01', '2026-12-31')[offset]!;
          const { duties, unplaced } = generateSchedule(input({ ...group(regions, perRegion), today }));
          for (const d of duties.filter((x) => x.kind === 'reception')) {
            if (d.proposedOn === null) {
              // only when no working day is left in the period, and then it is reported
              expect(unplaced).toContainEqual(
                expect.objectContaining({ employeeId: d.employeeId, periodKey: d.periodKey, reason: 'no_working_day' }),
              );
              expect(eachDate(today, d.dueTo).some((day) => calendar.isWorkingDay(day))).toBe(false);
              continue;
            }
            expect(calendar.isWorkingDay(d.proposedOn)).toBe(true);
            expect(d.proposedOn >= today && d.proposedOn >= d.dueFrom && d.proposedOn <= d.dueTo).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is deterministic and never gives one person two receptions on a day', () => {
    const a = generateSchedule(input());
    expect(generateSchedule(input())).toEqual(a);
    const seen = new Set<string>();
    for (const d of a.duties.filter((x) => x.kind === 'reception')) {
      const k = `${d.employeeId}:${d.proposedOn}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    expect(new Set(a.duties.map((d) => d.key)).size).toBe(a.duties.length);
  });

  it('rotates regional executives across every project of the region over the year', () => {
    const { duties } = generateSchedule(input());
    const { employees, projects } = group(2, 5);
    const regional = new Set(employees.filter((e) => e.projectId === null).map((e) => e.id));
    for (const p of projects) {
      expect(duties.some((d) => regional.has(d.employeeId) && d.projectId === p.id)).toBe(true);
    }
  });

  it('avoids leave, blackout dates and dates already taken', () => {
    const pm = input().employees.find((e) => e.position === 'project_head')!;
    const november = eachDate('2026-11-01', '2026-11-30');
    const open = '2026-11-27';
    const { duties } = generateSchedule(
      input({
        leaves: new Map([[pm.id, [{ from: '2026-11-01', to: '2026-11-20' }]]]),
        blackouts: new Map([
          [
            pm.projectId!,
            new Map([
              ['2026-11-23', '质检'],
              ['2026-11-24', '质检'],
              ['2026-11-25', '质检'],
            ]),
          ],
        ]),
        busy: new Map([[pm.id, new Set(november.filter((d) => d !== open && d > '2026-11-25'))]]),
      }),
    );
    expect(duties.find((d) => d.employeeId === pm.id && d.periodKey === '2026-M11')!.proposedOn).toBe(open);
  });

  it('reports, and places nothing in, a year with no calendar data', () => {
    // 2024 predates the holiday law the provisional years follow: with no data it is unknown.
    const old = createWorkCalendar([{ year: 2023, source: 'test', days: [] }]);
    const { duties, unplaced } = generateSchedule(
      input({ calendar: old, horizon: { from: '2023-11-01', to: '2024-10-31' }, today: '2023-11-01' }),
    );
    expect(duties.some((d) => d.dueFrom >= '2024-01-01')).toBe(false);
    expect(unplaced.filter((u) => u.reason === 'unknown_year').length).toBeGreaterThan(0);
    expect(unplaced.every((u) => u.periodKey.startsWith('2024'))).toBe(true);
    const allowed = generateSchedule(
      input({
        calendar: old,
        horizon: { from: '2023-11-01', to: '2024-10-31' },
        today: '2023-11-01',
        allowUnknownYears: true,
      }),
    );
    const in2024 = allowed.duties.filter((d) => d.kind === 'reception' && d.dueFrom >= '2024-01-01');
    expect(in2024.length).toBeGreaterThan(0);
    expect(in2024.every((d) => ![0, 6].includes(new Date(`${d.proposedOn}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  it('plans across a provisional year like any other, off its holidays and, where it can, off its likely ones', () => {
    const { duties, unplaced } = generateSchedule(
      input({ horizon: { from: '2026-11-01', to: '2027-10-31' }, today: '2026-11-01' }),
    );
    expect(unplaced.some((u) => u.reason === 'unknown_year')).toBe(false);
    const in2027 = duties.filter((d) => d.kind === 'reception' && d.dueFrom >= '2027-01-01' && d.proposedOn);
    expect(in2027.length).toBeGreaterThan(0);
    for (const d of in2027) {
      expect(calendar.isWorkingDay(d.proposedOn!)).toBe(true);
      expect(calendar.isLikelyHoliday(d.proposedOn!)).toBe(false);
    }
  });

  it('never proposes a likely holiday first when another valid day exists (property)', () => {
    const likely = eachDate('2027-01-01', '2027-12-31').filter((d) => calendar.isLikelyHoliday(d));
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.constantFrom(...eachDate('2027-01-01', '2027-12-31').filter((d) => calendar.isWorkingDay(d))),
          { minLength: 1, maxLength: 12 },
        ),
        fc.string(),
        (candidates, seed) => {
          const chosen = chooseDate(candidates, calendar, null, seed)!;
          if (candidates.some((d) => !likely.includes(d))) expect(likely).not.toContain(chosen);
          expect(candidates).toContain(chosen);
        },
      ),
    );
  });

  it('keeps a proposal that still fits, and moves one that does not to the nearest valid day', () => {
    const first = generateSchedule(input());
    const existing = new Map(
      first.duties
        .filter((d) => d.kind === 'reception')
        .map((d) => [d.key, { employeeId: d.employeeId, proposedOn: d.proposedOn }]),
    );
    const again = generateSchedule(input({ existing }));
    expect(again.duties.map((d) => d.proposedOn)).toEqual(first.duties.map((d) => d.proposedOn));
    // A project's blackout on one proposed date moves that duty only, to the nearest day that fits.
    const victim = first.duties.find((d) => d.kind === 'reception' && d.proposedOn && d.projectId !== null)!;
    const blocked = generateSchedule(
      input({ existing, blackouts: new Map([[victim.projectId!, new Map([[victim.proposedOn!, '停电']])]]) }),
    );
    const changed = blocked.duties.filter((d, i) => d.proposedOn !== first.duties[i]!.proposedOn);
    expect(changed.map((d) => d.key)).toEqual([victim.key]);
    const moved = changed[0]!.proposedOn!;
    const better = eachDate(victim.dueFrom, victim.dueTo).filter(
      (d) =>
        Math.abs(daysBetween(victim.proposedOn!, d)) < Math.abs(daysBetween(victim.proposedOn!, moved)) &&
        d !== victim.proposedOn &&
        calendar.isWorkingDay(d),
    );
    // Any nearer working day was refused for a reason of its own (another of the person's receptions).
    const others = new Set(
      blocked.duties.filter((d) => d.employeeId === victim.employeeId && d.key !== victim.key).map((d) => d.proposedOn),
    );
    expect(better.every((d) => others.has(d))).toBe(true);
  });

  it('reports a period with no possible day, and still creates the duty without a date', () => {
    const pm = input().employees.find((e) => e.position === 'project_head')!;
    const { duties, unplaced } = generateSchedule(
      input({ leaves: new Map([[pm.id, [{ from: '2026-03-01', to: '2026-03-31' }]]]) }),
    );
    expect(duties.find((d) => d.employeeId === pm.id && d.periodKey === '2026-M3')!.proposedOn).toBeNull();
    expect(unplaced).toContainEqual(
      expect.objectContaining({ employeeId: pm.id, periodKey: '2026-M3', reason: 'no_working_day', created: true }),
    );
  });

  it('gives staff who look after households one home visit a month, from today on', () => {
    const { duties } = generateSchedule(input({ today: '2026-11-15' }));
    const staff = input().employees.filter((e) => e.position === 'staff');
    const visits = duties.filter((d) => d.kind === 'home_visit');
    expect(visits).toHaveLength(staff.length * 2);
    expect(visits.every((d) => d.dueFrom === '2026-11-01' || d.dueFrom === '2026-12-01')).toBe(true);
  });

  it('staffs a checkpoint event from the participating lines, sized by expected households', () => {
    const event = {
      id: 1,
      projectId: 1,
      checkpoint: 4,
      startsOn: '2026-12-12',
      endsOn: '2026-12-12',
      expectedHouseholds: 300,
    };
    const extra = Array.from({ length: 10 }, (_, i) => ({
      id: 500 + i,
      position: 'staff' as const,
      line: 'engineering' as const,
      regionId: 1,
      projectId: 1,
      households: 0,
    }));
    const base = input();
    const { duties, unplaced } = generateSchedule({
      ...base,
      employees: [...base.employees, ...extra],
      events: [event],
    });
    const onEvent = duties.filter((d) => d.eventId === 1);
    // engineering: ceil(300/50) = 6 of 11; customer relations: ceil(300/60) = 5, but the project has 1
    expect(onEvent.filter((d) => d.key.startsWith('c:1:engineering'))).toHaveLength(6);
    expect(onEvent.filter((d) => d.key.startsWith('c:1:customer_relations'))).toHaveLength(1);
    expect(onEvent.every((d) => d.proposedOn === '2026-12-12')).toBe(true);
    expect(unplaced.filter((u) => u.kind === 'checkpoint')).toEqual([]);
  });
});

describe('periods used by the scheduler', () => {
  it('a 12-month horizon has 4 quarters, 6 bimonthly periods and 12 months', () => {
    expect(periodsOverlapping('quarter', '2026-01-01', '2026-12-31')).toHaveLength(4);
    expect(periodsOverlapping('bimonth', '2026-01-01', '2026-12-31')).toHaveLength(6);
  });
});
