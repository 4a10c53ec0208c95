import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAnswers } from '@frontline/core';
import { categoryRefs, currentFormVersion, listCategories } from '../repositories/forms.ts';
import { openMigratedDatabase, type Db, type Dialect } from '../open.ts';
import { writeMadeUpVisit } from '../bulk/visits.ts';
import { improvementFactories } from './improvement.ts';
import { receptionFactories } from './reception.ts';
import { scoreFactories } from './scores.ts';
import { createPostgresTestDatabase } from './postgres.ts';

export { testSql, type TestSql } from './sql.ts';

/**
 * Which database the tests of this run use: PostgreSQL when the test runner
 * was given a server (FRONTLINE_TEST_DATABASE_URL, set by the PostgreSQL test
 * run), the embedded SQLite otherwise. Tests of what only one dialect has
 * (SQLite's pragmas, a PostgreSQL lock) skip on the other with this.
 */
export function testDialect(): Dialect {
  return process.env.FRONTLINE_TEST_DATABASE_URL ? 'postgres' : 'sqlite';
}

/**
 * What a test database starts from beyond the schema: data built once per
 * run (`build` on a fresh migrated database) and copied for every test that
 * names it, because building it (the demo group, its plan) costs far more
 * than copying. `name` identifies what `build` makes.
 */
export type TestTemplate = { name: string; build(db: Db): Promise<void> };

type TestDatabase = Db & { cleanup(): Promise<void> };

/** Adds cleanup (close, then `remove`) to a test database. */
function asTestDatabase(db: Db, remove: () => Promise<void>): TestDatabase {
  // Assigned, not spread: spreading would read the SQLite handle, which throws on PostgreSQL.
  return Object.assign(db, {
    cleanup: async () => {
      await db.close();
      await remove();
    },
  });
}

const sqliteTemplates = new Map<string, Promise<string>>();

/** The template's SQLite file, built once in this process; closing the last connection checkpoints the WAL into it, so a copy is whole. */
function sqliteTemplateFile(template: TestTemplate): Promise<string> {
  let file = sqliteTemplates.get(template.name);
  if (!file) {
    file = (async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'frontline-template-')), 'template.db');
      const db = await openMigratedDatabase(path);
      await template.build(db);
      await db.close();
      return path;
    })();
    sqliteTemplates.set(template.name, file);
  }
  return file;
}

/**
 * A migrated database of its own for one test: a fresh temporary SQLite
 * file, or on the PostgreSQL run a fresh database on the run's server; with
 * `template`, a copy of what it builds. `cleanup` closes and deletes it.
 */
export async function createTestDatabase(template?: TestTemplate): Promise<TestDatabase> {
  const server = process.env.FRONTLINE_TEST_DATABASE_URL;
  if (server) {
    const { url, drop } = await createPostgresTestDatabase(server, template);
    return asTestDatabase(await openMigratedDatabase(url), drop);
  }
  const dir = mkdtempSync(join(tmpdir(), 'frontline-test-'));
  const path = join(dir, 'test.db');
  if (template) copyFileSync(await sqliteTemplateFile(template), path);
  return asTestDatabase(await openMigratedDatabase(path), async () => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Another connection to the same database, as a second app server has: its
 * own handle and its own Kysely, so the two meet only in the database.
 * Close it before the first one's cleanup.
 */
// db.path is the location (on PostgreSQL the URL without its password: the test server has none).
export async function openSecondConnection(db: Pick<Db, 'path'>): Promise<Db> {
  return openMigratedDatabase(db.path);
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
    async project(regionId: number, over: Partial<{ code: string; name: string; phase: string; stage: string }> = {}) {
      const k = next();
      return db.kysely
        .insertInto('projects')
        .values({
          code: `P${k}`,
          region_id: regionId,
          name: `项目${k}`,
          phase: '一期',
          address: '上海',
          stage: 'occupied',
          ...over,
        })
        .returning(['id', 'code', 'region_id as regionId'])
        .executeTakeFirstOrThrow();
    },
    /** An active employee; give `login` and `passwordHash` to sign in as them. */
    async employee(
      over: Partial<{
        employeeNo: string;
        name: string;
        line: string | null;
        position: string;
        regionId: number | null;
        projectId: number | null;
        managerId: number | null;
        active: boolean;
        login: string | null;
        passwordHash: string | null;
        email: string | null;
        language: 'zh-CN' | 'en';
      }> = {},
    ) {
      const k = next();
      const no = over.employeeNo ?? `T${String(k).padStart(5, '0')}`;
      const row = await db.kysely
        .insertInto('employees')
        .values({
          employee_no: no,
          name: over.name ?? `员工${k}`,
          line: over.line === undefined ? 'engineering' : over.line,
          position: over.position ?? 'staff',
          region_id: over.regionId ?? null,
          project_id: over.projectId ?? null,
          manager_id: over.managerId ?? null,
          active: over.active === false ? 0 : 1,
          left_on: null,
          email: over.email === undefined ? `${no.toLowerCase()}@frontline.test` : over.email,
          phone: null,
          login: over.login === undefined ? no.toLowerCase() : over.login,
          password_hash: over.passwordHash ?? null,
          ...(over.language ? { language: over.language } : {}),
          created_at: at,
          updated_at: at,
        })
        .returning(['id', 'employee_no as employeeNo'])
        .executeTakeFirstOrThrow();
      return row;
    },
    /** A household with one named owner (the customer), optionally looked after by an employee. */
    async household(
      projectId: number,
      over: Partial<{
        building: string;
        unit: string;
        room: string;
        stage: string;
        ownerEmployeeId: number | null;
        ownerName: string;
        ownerPhone: string;
      }> = {},
    ) {
      const k = next();
      const { id } = await db.kysely
        .insertInto('households')
        .values({
          project_id: projectId,
          building: over.building ?? '1',
          unit: over.unit ?? '1',
          room: over.room ?? String(1000 + k),
          stage: over.stage ?? 'owner',
          owner_employee_id: over.ownerEmployeeId ?? null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.kysely
        .insertInto('household_owners')
        .values({
          household_id: id,
          position: 0,
          name: over.ownerName ?? `业主${k}`,
          phone: over.ownerPhone ?? `1390000${String(k).padStart(4, '0')}`,
        })
        .execute();
      return { id };
    },
    ...improvementFactories(db, at),
    /**
     * A home visit (checkpoint 7) to one household that raised one issue item
     * (category `leaks` unless told), recorded as the app records it.
     */
    async visitWithIssue(o: {
      employeeId: number;
      householdId: number;
      projectId: number;
      regionId: number;
      description: string;
      visitedOn?: string;
      category?: string;
      location?: { building: string; unit: string; room: string; area: string };
    }) {
      const version = (await currentFormVersion(db, 7))!;
      const category = (await listCategories(db)).find((c) => c.code === (o.category ?? 'leaks'))!;
      const answers = validateAnswers(
        version.definition,
        {
          overall: 2,
          overall_reason: o.description,
          household_status: 'living',
          issues: [
            {
              dimension: category.dimension,
              categoryId: category.id,
              severity: 'major',
              building: '',
              unit: '',
              room: '',
              area: '',
              ...o.location,
              description: o.description,
              photos: [],
            },
          ],
        },
        await categoryRefs(db),
      );
      if (!answers.ok) throw new Error(JSON.stringify(answers.error));
      const k = next();
      const id = await writeMadeUpVisit(
        db,
        {
          clientId: `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`,
          employeeId: o.employeeId,
          dutyId: null,
          bookingId: null,
          checkpoint: 7,
          formVersionId: version.id,
          definition: version.definition,
          projectId: o.projectId,
          regionId: o.regionId,
          channel: 'home_visit',
          visitedOn: o.visitedOn ?? '2026-11-20',
          visitedAt: '10:00',
          householdIds: [o.householdId],
          staffIds: [],
          answers: answers.value,
          photoIds: [],
        },
        { actorId: o.employeeId, at },
      );
      return { id, created: true };
    },
  };
}
