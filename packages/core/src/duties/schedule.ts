import { daysBetween, eachDate, maxDate, minDate, yearOf, type IsoDate } from '../calendar/dates.ts';
import { periodOf, periodsOverlapping, type Period, type PeriodKind } from '../calendar/periods.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import type { Line, Position, ProjectStage } from '../org.ts';
import { checkDutyDate, type DateRange } from './date-rules.ts';
import { staffNeeded, type ParticipationCell } from './participation.ts';
import { ruleAppliesTo, type CadenceRule, type DutyKind } from './rules.ts';

/**
 * Schedule generation, pure: from rules, people, projects, events and the
 * working-day calendar to the full list of duties over a horizon. Same input,
 * same output: every choice is ordered by id or a hash of stable keys.
 */

export type ScheduleEmployee = {
  id: number;
  position: Position;
  line: Line | null;
  regionId: number | null;
  projectId: number | null;
  /** Households this person looks after (对接客户). */
  households: number;
};

export type ScheduleProject = { id: number; regionId: number; stage: ProjectStage };

export type ScheduleEvent = {
  id: number;
  projectId: number;
  checkpoint: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  expectedHouseholds: number;
};

export type ScheduleInput = {
  horizon: DateRange;
  /** Nothing is placed before today. */
  today: IsoDate;
  calendar: WorkCalendar;
  allowUnknownYears: boolean;
  rules: readonly CadenceRule[];
  /** Active employees only. */
  employees: readonly ScheduleEmployee[];
  projects: readonly ScheduleProject[];
  events: readonly ScheduleEvent[];
  participation: readonly ParticipationCell[];
  leaves: ReadonlyMap<number, readonly DateRange[]>;
  blackouts: ReadonlyMap<number, ReadonlyMap<IsoDate, string>>;
  /** Reception dates already fixed (confirmed or done) per person: not proposed twice. */
  busy: ReadonlyMap<number, ReadonlySet<IsoDate>>;
  /**
   * Dates the plan already proposes, by duty key (planned duties only). A
   * proposal that still fits is kept, so a re-plan moves only what changed;
   * one that no longer fits moves to the nearest date that does.
   */
  existing?: ReadonlyMap<string, { employeeId: number; proposedOn: IsoDate | null }>;
};

export type PlannedDuty = {
  /** Natural key: re-running finds the same duty by it. */
  key: string;
  kind: DutyKind;
  ruleId: number | null;
  eventId: number | null;
  employeeId: number;
  projectId: number | null;
  periodKind: PeriodKind;
  periodKey: string;
  dueFrom: IsoDate;
  dueTo: IsoDate;
  proposedOn: IsoDate | null;
};

export const UNPLACED_REASONS = ['unknown_year', 'no_working_day', 'no_project', 'no_staff'] as const;
export type UnplacedReason = (typeof UNPLACED_REASONS)[number];

export type Unplaced = {
  reason: UnplacedReason;
  kind: DutyKind;
  employeeId: number | null;
  projectId: number | null;
  periodKey: string;
  /** Created without a date (no_working_day) or not created at all (the rest). */
  created: boolean;
  line?: Line;
};

export type Schedule = { duties: PlannedDuty[]; unplaced: Unplaced[] };

/** Projects with customers to receive; rotation uses these, or every project of the region if none. */
const RECEIVING_STAGES: readonly ProjectStage[] = ['sales', 'construction', 'delivery', 'occupied'];

export function generateSchedule(input: ScheduleInput): Schedule {
  const duties: PlannedDuty[] = [];
  const unplaced: Unplaced[] = [];
  const start = maxDate(input.horizon.from, input.today);
  if (start > input.horizon.to) return { duties, unplaced };
  const busy = new Map([...input.busy].map(([id, dates]) => [id, new Set(dates)]));
  const yearKnown = (year: number) => input.allowUnknownYears || input.calendar.knowsYear(year);

  planReceptions(input, start, busy, yearKnown, duties, unplaced);
  planHomeVisits(input, start, yearKnown, duties, unplaced);
  planCheckpointEvents(input, start, duties, unplaced);

  duties.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { duties, unplaced };
}

/** The part of a period still ahead within the horizon, or null if none is. */
function windowOf(period: Period, start: IsoDate, horizonEnd: IsoDate): DateRange | null {
  const from = maxDate(period.from, start);
  const to = minDate(period.to, horizonEnd);
  return from <= to ? { from, to } : null;
}

type Slot = { rule: CadenceRule; employee: ScheduleEmployee; period: Period; n: number };

function planReceptions(
  input: ScheduleInput,
  start: IsoDate,
  busy: Map<number, Set<IsoDate>>,
  yearKnown: (year: number) => boolean,
  duties: PlannedDuty[],
  unplaced: Unplaced[],
): void {
  const rules = input.rules.filter((r) => r.kind === 'reception' && r.active).sort((a, b) => a.id - b.id);
  const employees = [...input.employees].sort((a, b) => a.id - b.id);
  const projectsById = new Map(input.projects.map((p) => [p.id, p]));
  const receiving = receivingProjectsByRegion(input.projects);
  // Rotation is anchored at the start of the horizon's first year, so re-running within a year keeps each slot's project.
  const anchor = `${yearOf(start)}-01-01`;

  // Each person's current proposals: held for the duty that has it, not offered to their other duties.
  const held = new Map<number, Map<IsoDate, string>>();
  for (const [key, e] of input.existing ?? []) {
    if (!key.startsWith('r:') || e.proposedOn === null) continue;
    const mineHeld = held.get(e.employeeId) ?? new Map<IsoDate, string>();
    mineHeld.set(e.proposedOn, key);
    held.set(e.employeeId, mineHeld);
  }

  const rotating = new Map<number, Slot[]>();
  const fixedPlace: Slot[] = [];
  for (const rule of rules) {
    for (const employee of employees) {
      if (!ruleAppliesTo(rule, employee)) continue;
      for (const period of periodsOverlapping(rule.period, anchor, input.horizon.to)) {
        for (let n = 1; n <= rule.perPeriod; n++) {
          const slot = { rule, employee, period, n };
          if (rule.place === 'region_rotation' && employee.regionId !== null) {
            const list = rotating.get(employee.regionId) ?? [];
            list.push(slot);
            rotating.set(employee.regionId, list);
          } else {
            fixedPlace.push(slot);
          }
        }
      }
    }
  }

  const place = (slot: Slot, projectId: number | null) => {
    const { rule, employee, period, n } = slot;
    const window = windowOf(period, start, input.horizon.to);
    if (!window) return;
    const base = { kind: 'reception' as const, employeeId: employee.id, projectId, periodKey: period.key };
    if (projectId === null) {
      unplaced.push({ ...base, reason: 'no_project', created: false });
      return;
    }
    if (!yearKnown(period.year)) {
      unplaced.push({ ...base, reason: 'unknown_year', created: false });
      return;
    }
    const key = `r:${rule.id}:${employee.id}:${period.key}:${n}`;
    const mine = busy.get(employee.id) ?? new Set<IsoDate>();
    busy.set(employee.id, mine);
    const heldByOthers = [...(held.get(employee.id) ?? [])].filter(([, k]) => k !== key).map(([d]) => d);
    const rules = {
      calendar: input.calendar,
      workingDayOnly: true,
      allowUnknownYears: input.allowUnknownYears,
      window,
      blackouts: input.blackouts.get(projectId),
      leaves: input.leaves.get(employee.id),
      busy: heldByOthers.length ? new Set([...mine, ...heldByOthers]) : mine,
    };
    const candidates = eachDate(window.from, window.to).filter((d) => checkDutyDate(d, rules) === null);
    // A proposal already past (the window moved on since) is placed afresh, not crowded onto the first day left.
    const current = input.existing?.get(key)?.proposedOn ?? null;
    const proposedOn = chooseDate(
      candidates,
      input.calendar,
      current !== null && current >= window.from ? current : null,
      `${employee.id}:${period.key}:${n}`,
    );
    if (proposedOn) mine.add(proposedOn);
    else unplaced.push({ ...base, reason: 'no_working_day', created: true });
    duties.push({
      key,
      kind: 'reception',
      ruleId: rule.id,
      eventId: null,
      employeeId: employee.id,
      projectId,
      periodKind: period.kind,
      periodKey: period.key,
      dueFrom: period.from,
      dueTo: period.to,
      proposedOn,
    });
  };

  for (const slot of fixedPlace) {
    const projectId =
      slot.employee.projectId !== null && projectsById.has(slot.employee.projectId) ? slot.employee.projectId : null;
    place(slot, projectId);
  }
  // Each region's slots, in time order, take the region's projects in turn: every project gets visits.
  for (const [regionId, slots] of [...rotating].sort((a, b) => a[0] - b[0])) {
    const projects = receiving.get(regionId) ?? [];
    slots.sort((a, b) =>
      a.period.from < b.period.from
        ? -1
        : a.period.from > b.period.from
          ? 1
          : a.employee.id - b.employee.id || a.n - b.n,
    );
    slots.forEach((slot, i) => place(slot, projects.length ? projects[i % projects.length]!.id : null));
  }
}

function receivingProjectsByRegion(projects: readonly ScheduleProject[]): Map<number, ScheduleProject[]> {
  const all = new Map<number, ScheduleProject[]>();
  for (const p of [...projects].sort((a, b) => a.id - b.id)) {
    const list = all.get(p.regionId) ?? [];
    list.push(p);
    all.set(p.regionId, list);
  }
  for (const [regionId, list] of all) {
    const receiving = list.filter((p) => RECEIVING_STAGES.includes(p.stage));
    if (receiving.length) all.set(regionId, receiving);
  }
  return all;
}

function planHomeVisits(
  input: ScheduleInput,
  start: IsoDate,
  yearKnown: (year: number) => boolean,
  duties: PlannedDuty[],
  unplaced: Unplaced[],
): void {
  const rules = input.rules.filter((r) => r.kind === 'home_visit' && r.active).sort((a, b) => a.id - b.id);
  if (!rules.length) return;
  for (const employee of input.employees) {
    if (employee.households === 0) continue;
    for (const rule of rules) {
      if (!ruleAppliesTo(rule, employee)) continue;
      for (const period of periodsOverlapping(rule.period, start, input.horizon.to)) {
        const window = windowOf(period, start, input.horizon.to);
        if (!window) continue;
        if (!yearKnown(period.year)) {
          unplaced.push({
            reason: 'unknown_year',
            kind: 'home_visit',
            employeeId: employee.id,
            projectId: employee.projectId,
            periodKey: period.key,
            created: false,
          });
          continue;
        }
        for (let n = 1; n <= rule.perPeriod; n++) {
          duties.push({
            key: `h:${rule.id}:${employee.id}:${period.key}:${n}`,
            kind: 'home_visit',
            ruleId: rule.id,
            eventId: null,
            employeeId: employee.id,
            projectId: employee.projectId,
            periodKind: period.kind,
            periodKey: period.key,
            dueFrom: period.from,
            dueTo: period.to,
            proposedOn: null,
          });
        }
      }
    }
  }
}

function planCheckpointEvents(input: ScheduleInput, start: IsoDate, duties: PlannedDuty[], unplaced: Unplaced[]): void {
  const projects = new Map(input.projects.map((p) => [p.id, p]));
  // Staff by line: the project's own first, then the region office's.
  const byLine = new Map<string, ScheduleEmployee[]>();
  const keyOf = (scope: string, line: Line) => `${scope}:${line}`;
  for (const e of [...input.employees].sort((a, b) => a.id - b.id)) {
    if (e.position !== 'staff' || e.line === null) continue;
    const scope = e.projectId !== null ? `p${e.projectId}` : e.regionId !== null ? `r${e.regionId}` : null;
    if (!scope) continue;
    const k = keyOf(scope, e.line);
    const list = byLine.get(k) ?? [];
    list.push(e);
    byLine.set(k, list);
  }
  for (const event of [...input.events].sort((a, b) => a.id - b.id)) {
    if (event.endsOn < start || event.startsOn > input.horizon.to) continue;
    const project = projects.get(event.projectId);
    if (!project) continue;
    const period = periodOf(event.startsOn, 'month');
    for (const cell of input.participation.filter((c) => c.checkpoint === event.checkpoint)) {
      const pool = [
        ...(byLine.get(keyOf(`p${project.id}`, cell.line)) ?? []),
        ...(byLine.get(keyOf(`r${project.regionId}`, cell.line)) ?? []),
      ];
      if (!pool.length) {
        unplaced.push({
          reason: 'no_staff',
          kind: 'checkpoint',
          employeeId: null,
          projectId: project.id,
          periodKey: period.key,
          created: false,
          line: cell.line,
        });
        continue;
      }
      const needed = Math.min(staffNeeded(event.expectedHouseholds, cell.householdsPerStaff), pool.length);
      for (let n = 0; n < needed; n++) {
        const employee = pool[(event.id + n) % pool.length]!;
        duties.push({
          key: `c:${event.id}:${cell.line}:${n + 1}`,
          kind: 'checkpoint',
          ruleId: null,
          eventId: event.id,
          employeeId: employee.id,
          projectId: project.id,
          periodKind: 'month',
          periodKey: period.key,
          dueFrom: event.startsOn,
          dueTo: event.endsOn,
          proposedOn: event.startsOn,
        });
      }
    }
  }
}

/**
 * A reception's date among the valid ones: the one it already has, if it
 * still fits; else the valid date nearest to it (earlier on a tie); for a
 * new duty, a stable spread over the period. Days likely to become holidays
 * are left alone unless nothing else is left.
 */
export function chooseDate(
  candidates: readonly IsoDate[],
  calendar: WorkCalendar,
  current: IsoDate | null,
  seed: string,
): IsoDate | null {
  if (current !== null && candidates.includes(current)) return current;
  const safe = candidates.filter((d) => !calendar.isLikelyHoliday(d));
  const pool = safe.length ? safe : candidates;
  if (!pool.length) return null;
  if (current === null) return pool[hash(seed) % pool.length]!;
  let best = pool[0]!;
  for (const d of pool) if (Math.abs(daysBetween(current, d)) < Math.abs(daysBetween(current, best))) best = d;
  return best;
}

/** FNV-1a: a small, stable spread of choices that does not depend on the run. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
