import type { ComplianceCounts, ComplianceGroup, IsoDate, Scope } from '@frontline/core';
import { sql } from 'kysely';
import { executorOf, type Reader } from '../unit-of-work.ts';

/**
 * The compliance board: duties whose window ends in [from, to], counted by
 * status and grouped by the due person's region, project, line or self.
 */
export type ComplianceFilter = {
  from: IsoDate;
  to: IsoDate;
  groupBy: ComplianceGroup;
  scope: Scope;
  regionId?: number | undefined;
  projectId?: number | undefined;
  line?: string | undefined;
};

export type ComplianceRow = ComplianceCounts & { key: string; label: string | null; employeeNo?: string | null };

export async function complianceBoard(x: Reader, f: ComplianceFilter): Promise<ComplianceRow[]> {
  let q = executorOf(x)
    .selectFrom('duties as d')
    .innerJoin('employees as e', 'e.id', 'd.employee_id')
    .leftJoin('regions as r', 'r.id', 'e.region_id')
    .leftJoin('projects as p', 'p.id', 'e.project_id')
    .where('d.due_to', '>=', f.from)
    .where('d.due_to', '<=', f.to);
  const scope = f.scope;
  if (scope.kind === 'region') q = q.where('e.region_id', '=', scope.regionId);
  if (scope.kind === 'project') q = q.where('e.project_id', '=', scope.projectId);
  if (scope.kind === 'own') q = q.where('e.id', '=', scope.employeeId);
  if (f.regionId !== undefined) q = q.where('e.region_id', '=', f.regionId);
  if (f.projectId !== undefined) q = q.where('e.project_id', '=', f.projectId);
  if (f.line !== undefined) q = q.where('e.line', '=', f.line);

  const group = {
    region: {
      key: sql<string>`coalesce(cast(e.region_id as varchar), '')`,
      label: sql<string | null>`r.name`,
      no: sql<string | null>`null`,
    },
    project: {
      key: sql<string>`coalesce(cast(e.project_id as varchar), '')`,
      label: sql<string | null>`p.name`,
      no: sql<string | null>`null`,
    },
    line: { key: sql<string>`coalesce(e.line, '')`, label: sql<string | null>`e.line`, no: sql<string | null>`null` },
    person: { key: sql<string>`e.id`, label: sql<string | null>`e.name`, no: sql<string | null>`e.employee_no` },
  }[f.groupBy];

  const rows = await q
    .select([
      group.key.as('key'),
      group.label.as('label'),
      group.no.as('employeeNo'),
      sql<number>`count(*)`.as('assigned'),
      sql<number>`sum(case when d.status = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when d.status = 'done' and d.completed_on <= d.due_to then 1 else 0 end)`.as('onTime'),
      sql<number>`sum(case when d.status = 'missed' then 1 else 0 end)`.as('missed'),
      sql<number>`sum(case when d.status = 'excused' then 1 else 0 end)`.as('excused'),
      sql<number>`sum(case when d.status in ('planned', 'scheduled', 'delegated') then 1 else 0 end)`.as('open'),
    ])
    // The label and number are the key's own; PostgreSQL wants every selected column grouped.
    .groupBy(f.groupBy === 'person' ? [group.key, group.label, group.no] : [group.key, group.label])
    .orderBy(sql`min(${group.label})`)
    .orderBy(group.key)
    .execute();
  return rows.map((r) => ({ ...r, key: String(r.key) }));
}
