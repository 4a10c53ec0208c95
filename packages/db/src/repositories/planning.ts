import {
  LINES,
  OWNERSHIP_STAGES,
  PLANNED_DUTY_KINDS,
  POSITIONS,
  PROJECT_STAGES,
  DUTY_STATUSES,
  type DateRange,
  type IsoDate,
  type OwnedHousehold,
  type ScheduleEvent,
  type StoredPlannedDuty,
} from '@frontline/core';
import { executorOf, type Reader } from '../unit-of-work.ts';
import { oneOf, oneOfOrNull } from './columns.ts';

/**
 * What the planner reads of a region: its projects, active people and how
 * many households each looks after, checkpoint events, leave, blackouts, the
 * receptions already fixed and the proposals the plan already has, and the
 * stored duties a new plan is reconciled with. Read inside the region's
 * transaction, so the plan is made and written on one state.
 */

export type PlanningProject = { id: number; regionId: number; stage: (typeof PROJECT_STAGES)[number]; name: string };
export type PlanningPerson = {
  id: number;
  name: string;
  position: (typeof POSITIONS)[number];
  line: (typeof LINES)[number] | null;
  regionId: number;
  projectId: number | null;
};

export type RegionPlanningInputs = {
  projects: PlanningProject[];
  people: PlanningPerson[];
  events: ScheduleEvent[];
  leaves: Map<number, DateRange[]>;
  blackouts: { projectId: number; date: IsoDate; reason: string }[];
  /** Reception dates people have fixed or held, per person: not proposed again. */
  busy: Map<number, Set<IsoDate>>;
  /** Planned receptions' current proposals, by duty key: kept where they still fit. */
  proposals: Map<string, { employeeId: number; proposedOn: IsoDate | null }>;
};

export async function listRegionIds(x: Reader): Promise<number[]> {
  return (await executorOf(x).selectFrom('regions').select('id').orderBy('id').execute()).map((r) => r.id);
}

export async function regionPlanningInputs(
  x: Reader,
  regionId: number,
  horizon: DateRange,
): Promise<RegionPlanningInputs> {
  const k = executorOf(x);
  const [projects, people, events, leaves, blackouts, fixed, proposals] = await Promise.all([
    k
      .selectFrom('projects')
      .select(['id', 'region_id', 'stage', 'name'])
      .where('region_id', '=', regionId)
      .orderBy('id')
      .execute(),
    k
      .selectFrom('employees')
      .select(['id', 'name', 'position', 'line', 'region_id', 'project_id'])
      .where('region_id', '=', regionId)
      .where('active', '=', 1)
      .orderBy('id')
      .execute(),
    k
      .selectFrom('checkpoint_events as e')
      .innerJoin('projects as p', 'p.id', 'e.project_id')
      .select(['e.id', 'e.project_id', 'e.checkpoint', 'e.starts_on', 'e.ends_on', 'e.expected_households'])
      .where('p.region_id', '=', regionId)
      .where('e.ends_on', '>=', horizon.from)
      .execute(),
    k
      .selectFrom('employee_leaves as l')
      .innerJoin('employees as e', 'e.id', 'l.employee_id')
      .select(['l.employee_id', 'l.starts_on', 'l.ends_on'])
      .where('e.region_id', '=', regionId)
      .where('l.ends_on', '>=', horizon.from)
      .where('l.starts_on', '<=', horizon.to)
      .execute(),
    k
      .selectFrom('project_blackouts as b')
      .innerJoin('projects as p', 'p.id', 'b.project_id')
      .select(['b.project_id', 'b.date', 'b.reason'])
      .where('p.region_id', '=', regionId)
      .execute(),
    k
      .selectFrom('duties')
      .select(['employee_id', 'scheduled_on', 'proposed_on'])
      .where('region_id', '=', regionId)
      .where('kind', '=', 'reception')
      .where('status', 'in', ['scheduled', 'done', 'delegated'])
      .where('due_to', '>=', horizon.from)
      .execute(),
    k
      .selectFrom('duties')
      .select(['key', 'employee_id', 'proposed_on'])
      .where('region_id', '=', regionId)
      .where('status', '=', 'planned')
      .where('kind', '=', 'reception')
      .where('due_to', '>=', horizon.from)
      .execute(),
  ]);
  const busy = new Map<number, Set<IsoDate>>();
  for (const d of fixed) {
    const date = d.scheduled_on ?? d.proposed_on;
    if (date === null) continue;
    const set = busy.get(d.employee_id) ?? new Set<IsoDate>();
    set.add(date);
    busy.set(d.employee_id, set);
  }
  const leaveMap = new Map<number, DateRange[]>();
  for (const l of leaves)
    leaveMap.set(l.employee_id, [...(leaveMap.get(l.employee_id) ?? []), { from: l.starts_on, to: l.ends_on }]);
  return {
    projects: projects.map((p) => ({
      id: p.id,
      regionId: p.region_id,
      stage: oneOf(PROJECT_STAGES, p.stage, 'projects.stage'),
      name: p.name,
    })),
    people: people.flatMap((p) =>
      p.region_id === null
        ? []
        : [
            {
              id: p.id,
              name: p.name,
              position: oneOf(POSITIONS, p.position, 'employees.position'),
              line: oneOfOrNull(LINES, p.line, 'employees.line'),
              regionId: p.region_id,
              projectId: p.project_id,
            },
          ],
    ),
    events: events.map((e) => ({
      id: e.id,
      projectId: e.project_id,
      checkpoint: e.checkpoint,
      startsOn: e.starts_on,
      endsOn: e.ends_on,
      expectedHouseholds: e.expected_households,
    })),
    leaves: leaveMap,
    blackouts: blackouts.map((b) => ({ projectId: b.project_id, date: b.date, reason: b.reason })),
    busy,
    proposals: new Map(proposals.map((p) => [p.key, { employeeId: p.employee_id, proposedOn: p.proposed_on }])),
  };
}

/** How many households each person of the region looks after (对接客户). */
export async function householdsPerOwner(x: Reader, regionId: number): Promise<Map<number, number>> {
  const rows = await executorOf(x)
    .selectFrom('households as h')
    .innerJoin('projects as p', 'p.id', 'h.project_id')
    .select((eb) => ['h.owner_employee_id', eb.fn.countAll<number>().as('n')])
    .where('p.region_id', '=', regionId)
    .where('h.owner_employee_id', 'is not', null)
    .groupBy('h.owner_employee_id')
    .execute();
  return new Map(
    rows.flatMap((h) => (h.owner_employee_id === null ? [] : [[h.owner_employee_id, Number(h.n)] as const])),
  );
}

/** The region's stored duties of the kinds the planner makes, whose window meets [from, to]. */
export async function storedPlannedDuties(x: Reader, regionId: number, range: DateRange): Promise<StoredPlannedDuty[]> {
  const rows = await executorOf(x)
    .selectFrom('duties')
    .select(['id', 'key', 'status', 'employee_id', 'project_id', 'due_from', 'due_to', 'proposed_on'])
    .where('region_id', '=', regionId)
    .where('due_to', '>=', range.from)
    .where('due_from', '<=', range.to)
    .where('kind', 'in', [...PLANNED_DUTY_KINDS])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    status: oneOf(DUTY_STATUSES, r.status, 'duties.status'),
    employeeId: r.employee_id,
    projectId: r.project_id,
    dueFrom: r.due_from,
    dueTo: r.due_to,
    proposedOn: r.proposed_on,
  }));
}

/** A project's share of household ownership: its active people and their weights, its households, who of it has left. */
export type OwnershipPool = {
  members: { employeeId: number; position: string; weight: number | null }[];
  households: OwnedHousehold[];
  leavers: Set<number>;
};

/** Projects whose households need owners (delivering or occupied), optionally only some. */
export async function ownershipProjectIds(x: Reader, only?: readonly number[]): Promise<number[]> {
  if (only && only.length === 0) return [];
  let q = executorOf(x)
    .selectFrom('projects')
    .select('id')
    .where('stage', 'in', [...OWNERSHIP_STAGES])
    .orderBy('id');
  if (only) q = q.where('id', 'in', [...only]);
  return (await q.execute()).map((r) => r.id);
}

export async function ownershipPool(x: Reader, projectId: number): Promise<OwnershipPool> {
  const k = executorOf(x);
  const [members, households, leavers] = await Promise.all([
    k
      .selectFrom('employees')
      .select(['id', 'position', 'ownership_weight'])
      .where('project_id', '=', projectId)
      .where('active', '=', 1)
      .orderBy('id')
      .execute(),
    k
      .selectFrom('households')
      .select(['id', 'owner_employee_id'])
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute(),
    k.selectFrom('employees').select('id').where('project_id', '=', projectId).where('active', '=', 0).execute(),
  ]);
  return {
    members: members.map((m) => ({ employeeId: m.id, position: m.position, weight: m.ownership_weight })),
    households: households.map((h) => ({ id: h.id, ownerId: h.owner_employee_id })),
    leavers: new Set(leavers.map((l) => l.id)),
  };
}
