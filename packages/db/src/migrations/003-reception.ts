import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';

/**
 * Reception days, their slots and bookings; the mail outbox; calendar feed
 * tokens; executives' assistants. Overbooking and double booking are refused
 * by the database itself (a trigger and a partial unique index), whatever the
 * code above it does. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('employees')
    .addColumn('assists_employee_id', 'integer', (c) => c.references('employees.id'))
    .execute();

  await db.schema
    .createTable('reception_days')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('duty_id', 'integer', (c) => c.notNull().unique().references('duties.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('venue_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('slot_capacity', 'integer', (c) => c.notNull())
    .addColumn('topic', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull().check(sql`status in ('open', 'cancelled')`))
    .addColumn('cancel_reason', 'varchar(500)')
    .addColumn('uid', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reception_days_employee')
    .on('reception_days')
    .columns(['employee_id', 'date'])
    .execute();
  await db.schema.createIndex('reception_days_date').on('reception_days').columns(['date', 'project_id']).execute();

  await db.schema
    .createTable('reception_slots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('day_id', 'integer', (c) => c.notNull().references('reception_days.id').onDelete('cascade'))
    .addColumn('starts_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 1`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('reception_bookings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('day_id', 'integer', (c) => c.notNull().references('reception_days.id'))
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('reception_slots.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addColumn('booked_by', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().check(sql`status in ('booked', 'cancelled', 'released')`))
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reception_bookings_day')
    .on('reception_bookings')
    .columns(['day_id', 'status'])
    .execute();
  await db.schema
    .createIndex('reception_bookings_slot')
    .on('reception_bookings')
    .columns(['slot_id', 'status'])
    .execute();
  // One live booking per household per day, enforced where no code path can skip it.
  await db.schema
    .createIndex('reception_bookings_household_day')
    .on('reception_bookings')
    .columns(['household_id', 'date'])
    .unique()
    .where(sql.ref('status'), '=', 'booked')
    .execute();
  // A slot never holds more live bookings than its capacity: checked inside the writing transaction.
  // (On PostgreSQL, whose writers are concurrent, counting first is no guard: 012's counter holds it on both.)
  for (const [event, when] of isPostgres(db)
    ? []
    : ([
        ['INSERT', `NEW.status = 'booked'`],
        [
          'UPDATE OF slot_id, status',
          `NEW.status = 'booked' AND (OLD.status <> 'booked' OR OLD.slot_id <> NEW.slot_id)`,
        ],
      ] as const)) {
    await sql
      .raw(
        `CREATE TRIGGER reception_bookings_capacity_${event.startsWith('INSERT') ? 'insert' : 'update'}
         BEFORE ${event} ON reception_bookings
         WHEN ${when}
           AND (SELECT count(*) FROM reception_bookings WHERE slot_id = NEW.slot_id AND status = 'booked' AND id IS NOT NEW.id)
               >= (SELECT capacity FROM reception_slots WHERE id = NEW.slot_id)
         BEGIN SELECT RAISE(ABORT, 'SLOT_FULL'); END`,
      )
      .execute(db);
  }

  await db.schema
    .createTable('reception_attendees')
    .addColumn('day_id', 'integer', (c) => c.notNull().references('reception_days.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addPrimaryKeyConstraint('reception_attendees_pk', ['day_id', 'employee_id'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_address', 'varchar(200)', (c) => c.notNull())
    .addColumn('to_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('to_employee_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('ics', 'text')
    .addColumn('ics_method', 'varchar(8)')
    .addColumn('ref', 'varchar(120)')
    .addColumn('dedupe_key', 'varchar(160)', (c) => c.unique())
    .addColumn('message_id', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(8)', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'stored')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_ref').on('outbox').column('ref').execute();

  await db.schema
    .createTable('feed_tokens')
    .addColumn('employee_id', 'integer', (c) => c.primaryKey().references('employees.id'))
    .addColumn('token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'varchar(40)', (c) => c.notNull())
    .addColumn('run_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('report_json', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'run_key'])
    .execute();
}
