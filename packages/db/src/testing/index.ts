import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAnswers } from '@frontline/core';
import { categoryRefs, currentFormVersion, listCategories } from '../repositories/forms.ts';
import { openMigratedDatabase, type Db } from '../open.ts';
import { writeMadeUpVisit } from '../bulk/visits.ts';
import { receptionFactories } from './reception.ts';
import { scoreFactories } from './scores.ts';

/** A migrated database in a fresh temporary file; `cleanup` closes and deletes it. */
export async function createTestDatabase(): Promise<Db & { cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-test-'));
  const db = await openMigratedDatabase(join(dir, 'test.db'));
  return {
    ...db,
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Factories for tests that build their own data: each makes one row with
 * sensible defaults, takes overrides, and returns what the test needs.
 * Codes and numbers come from a counter, so rows never collide.
 */
export function factories(db: Db, at = Date.UTC(2026, 0, 1)) {
  let n = 0;
  const next = () => ++n;
  return {
    ...receptionFactories(db, at, next),
    ...scoreFactories(db, at),
    async region(over: Partial<{ code: string; name: string; city: string }> = {}) {
      const k = next();
      return db.kysely
        .insertInto('regions')
        .values({ code: `R${k}`, name: `区域${k}`, city: '上海', ...over })
        .returning(['id', 'code'])
        .executeTakeFirstOrThrow();
    },
    async project(regionId: number, over: Partial<{ code: string; name: string; stage: string }> = {}) {
      const k = next();
      return db.kysely
        .insertInto('projects')
        .values({ code: `P${k}`, region_id: regionId, name: `项目${k}`, phase: '一期', address: '上海', stage: 'occupied', ...over })
        .returning(['id', 'code', 'region_id as regionId'])
        .executeTakeFirstOrThrow();
    },
    /** An active employee; give `login` and `passwordHash` to sign in as them. */
    async employee(
      over: Partial<{
        employeeNo: string; name: string; line: string | null; position: string; regionId: number | null; projectId: number | null;
        managerId: number | null; active: boolean; login: string | null; passwordHash: string | null; email: string | null;
      }> = {},
    ) {
      const k = next();
      const no = over.employeeNo ?? `T${String(k).padStart(5, '0')}`;
      const row = await db.kysely
        .insertInto('employees')
        .values({
          employee_no: no, name: over.name ?? `员工${k}`, line: over.line === undefined ? 'engineering' : over.line, position: over.position ?? 'staff',
          region_id: over.regionId ?? null, project_id: over.projectId ?? null, manager_id: over.managerId ?? null, active: over.active === false ? 0 : 1,
          left_on: null, email: over.email === undefined ? `${no.toLowerCase()}@frontline.test` : over.email, phone: null,
          login: over.login === undefined ? no.toLowerCase() : over.login, password_hash: over.passwordHash ?? null, created_at: at, updated_at: at,
        })
        .returning(['id', 'employee_no as employeeNo'])
        .executeTakeFirstOrThrow();
      return row;
    },
    /** A household with one named owner (the customer), optionally looked after by an employee. */
    async household(projectId: number, over: Partial<{ building: string; unit: string; room: string; stage: string; ownerEmployeeId: number | null; ownerName: string; ownerPhone: string }> = {}) {
      const k = next();
      const { id } = await db.kysely
        .insertInto('households')
        .values({
          project_id: projectId, building: over.building ?? '1', unit: over.unit ?? '1', room: over.room ?? String(1000 + k), stage: over.stage ?? 'owner',
          owner_employee_id: over.ownerEmployeeId ?? null, created_at: at, updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.kysely
        .insertInto('household_owners')
        .values({ household_id: id, position: 0, name: over.ownerName ?? `业主${k}`, phone: over.ownerPhone ?? `1390000${String(k).padStart(4, '0')}` })
        .execute();
      return { id };
    },
    /**
     * A plan awaiting verification with one revisit of `householdId` owed by
     * `verifierId`, as a submitted plan leaves it (raw rows: the plan tables
     * are not in the typed schema yet).
     */
    async awaitingVerification(o: { ownerId: number; verifierId: number; householdId: number; regionId: number; projectId: number; dueTo: string }) {
      const s = db.sqlite;
      const category = s.prepare(`select id from issue_categories where code = 'leaks'`).pluck().get() as number;
      const issue = Number(
        s.prepare(`insert into common_issues (status, category_id, dimension, title, keywords, scope, reason, created_at, updated_at) values ('confirmed', ?, 'engineering', '漏水', '[]', 'project', '{}', ?, ?)`)
          .run(category, at, at).lastInsertRowid,
      );
      const plan = Number(
        s.prepare(
          `insert into improvement_plans (common_issue_id, kind, title, description, owner_line, owner_id, project_id, region_id, sample_size, status, round, created_at, updated_at)
           values (?, 'targeted', '返修', '返修', 'engineering', ?, ?, ?, 1, 'awaiting_verification', 1, ?, ?)`,
        ).run(issue, o.ownerId, o.projectId, o.regionId, at, at).lastInsertRowid,
      );
      const duty = Number(
        s.prepare(
          `insert into duties (key, kind, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, household_id, status, updated_at)
           values (?, 'verification', ?, ?, ?, 'month', ?, ?, ?, ?, 'planned', ?)`,
        ).run(`verify:${plan}:1:${o.householdId}`, o.verifierId, o.regionId, o.projectId, o.dueTo.slice(0, 7), o.dueTo, o.dueTo, o.householdId, at).lastInsertRowid,
      );
      s.prepare('insert into plan_verifications (plan_id, round, duty_id, household_id, employee_id) values (?, 1, ?, ?, ?)').run(plan, duty, o.householdId, o.verifierId);
      return { planId: plan, dutyId: duty };
    },
    /**
     * A home visit (checkpoint 7) to one household that raised one issue item
     * (category `leaks` unless told), recorded as the app records it.
     */
    async visitWithIssue(o: {
      employeeId: number; householdId: number; projectId: number; regionId: number; description: string; visitedOn?: string; category?: string;
      location?: { building: string; unit: string; room: string; area: string };
    }) {
      const version = (await currentFormVersion(db, 7))!;
      const category = (await listCategories(db)).find((c) => c.code === (o.category ?? 'leaks'))!;
      const answers = validateAnswers(
        version.definition,
        {
          overall: 2, overall_reason: o.description, household_status: 'living',
          issues: [{ dimension: category.dimension, categoryId: category.id, severity: 'major', building: '', unit: '', room: '', area: '', ...o.location, description: o.description, photos: [] }],
        },
        await categoryRefs(db),
      );
      if (!answers.ok) throw new Error(JSON.stringify(answers.error));
      const k = next();
      const id = await writeMadeUpVisit(
        db,
        {
          clientId: `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`, employeeId: o.employeeId, dutyId: null, bookingId: null, checkpoint: 7,
          formVersionId: version.id, definition: version.definition, projectId: o.projectId, regionId: o.regionId, channel: 'home_visit',
          visitedOn: o.visitedOn ?? '2026-11-20', visitedAt: '10:00', householdIds: [o.householdId], staffIds: [], answers: answers.value, photoIds: [],
        },
        { actorId: o.employeeId, at },
      );
      return { id, created: true };
    },
  };
}
