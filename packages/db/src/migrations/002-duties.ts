import { DEFAULT_CADENCE_RULES, DEFAULT_PARTICIPATION } from '@frontline/core';
import { sql, type Kysely } from 'kysely';
import { CN_HOLIDAY_YEARS } from '@frontline/core';

/**
 * The duty engine: working-day calendar (with the shipped State Council data),
 * project blackouts, cadence rules and the participation matrix (with the
 * domain's defaults), checkpoint events, duties, ownership history and
 * schedule runs. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'varchar(300)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('employees.id'))
    .execute();
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('calendar_years.year').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(sql`kind in ('holiday', 'makeup')`))
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_days_year').on('calendar_days').column('year').execute();

  await db.schema
    .createTable('project_blackouts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('project_blackouts_day', ['project_id', 'date'])
    .execute();

  await db.schema
    .createTable('cadence_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('position', 'varchar(32)', (c) => c.notNull())
    .addColumn('line', 'varchar(32)')
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addColumn('place', 'varchar(32)', (c) => c.notNull())
    .addColumn('per_period', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkpoint_participation')
    .addColumn('checkpoint', 'integer', (c) => c.notNull().check(sql`checkpoint between 1 and 5`))
    .addColumn('line', 'varchar(32)', (c) => c.notNull())
    .addColumn('households_per_staff', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkpoint_participation_pk', ['checkpoint', 'line'])
    .execute();

  await db.schema
    .createTable('checkpoint_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('checkpoint', 'integer', (c) => c.notNull().check(sql`checkpoint between 1 and 5`))
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('expected_households', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checkpoint_events_project')
    .on('checkpoint_events')
    .columns(['project_id', 'starts_on'])
    .execute();

  await db.schema
    .createTable('duties')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.references('cadence_rules.id'))
    .addColumn('event_id', 'integer', (c) => c.references('checkpoint_events.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('region_id', 'integer', (c) => c.references('regions.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('period_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('period_key', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_to', 'varchar(10)', (c) => c.notNull())
    .addColumn('proposed_on', 'varchar(10)')
    .addColumn('scheduled_on', 'varchar(10)')
    .addColumn('household_id', 'integer', (c) => c.references('households.id'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('deputy_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('attended_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('completed_on', 'varchar(10)')
    .addColumn('notes', 'text')
    .addColumn('reason', 'varchar(500)')
    .addColumn('approved_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duties_employee').on('duties').columns(['employee_id', 'due_to']).execute();
  await db.schema
    .createIndex('duties_deputy')
    .on('duties')
    .column('deputy_id')
    .where(sql.ref('deputy_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('duties_open').on('duties').columns(['status', 'due_to']).execute();
  await db.schema.createIndex('duties_region_due').on('duties').columns(['region_id', 'due_to']).execute();

  await db.schema
    .createTable('household_assignments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('from_employee_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('to_employee_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('employees.id'))
    .execute();
  await db.schema
    .createIndex('household_assignments_household')
    .on('household_assignments')
    .column('household_id')
    .execute();

  await db.schema.alterTable('employees').addColumn('ownership_weight', 'real').execute();

  await db.schema
    .createTable('schedule_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('horizon_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('horizon_to', 'varchar(10)', (c) => c.notNull())
    .addColumn('allow_unknown_years', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_json', 'text')
    .addColumn('actor_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();

  // Shipped data: the State Council calendar and the domain's default rules.
  const at = Date.UTC(2026, 0, 1);
  for (const year of CN_HOLIDAY_YEARS) {
    await db
      .insertInto('calendar_years' as never)
      .values({ year: year.year, source: year.source, updated_at: at } as never)
      .execute();
    await db
      .insertInto('calendar_days' as never)
      .values(year.days.map((d) => ({ date: d.date, year: year.year, kind: d.kind, name: d.name })) as never)
      .execute();
  }
  await db
    .insertInto('cadence_rules' as never)
    .values(
      DEFAULT_CADENCE_RULES.map((r) => ({
        name: r.name,
        kind: r.kind,
        position: r.position,
        line: r.line,
        period: r.period,
        place: r.place,
        per_period: r.perPeriod,
        active: r.active ? 1 : 0,
        updated_at: at,
      })) as never,
    )
    .execute();
  await db
    .insertInto('checkpoint_participation' as never)
    .values(
      DEFAULT_PARTICIPATION.map((c) => ({
        checkpoint: c.checkpoint,
        line: c.line,
        households_per_staff: c.householdsPerStaff,
      })) as never,
    )
    .execute();
}
