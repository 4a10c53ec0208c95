import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';
import { postgresRefuseWrites } from './portable.ts';

/**
 * Feedback forms and visit records. A published form version is immutable:
 * triggers refuse any update or delete of one, so the definition a response
 * answered is always there to read it with. A visit is made once per
 * device-generated client id (unique), whatever retries arrive. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('checkpoint', 'integer', (c) => c.notNull().check(sql`checkpoint between 1 and 7`))
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('in_use', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The form a checkpoint's visits are recorded with.
  await db.schema
    .createIndex('forms_in_use')
    .on('forms')
    .column('checkpoint')
    .unique()
    .where(sql.ref('in_use'), '=', 1)
    .execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('form_id', 'integer', (c) => c.notNull().references('forms.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('employees.id'))
    .addColumn('published_at', 'bigint')
    .addUniqueConstraint('form_versions_number', ['form_id', 'version'])
    .execute();
  await db.schema
    .createIndex('form_versions_one_draft')
    .on('form_versions')
    .column('form_id')
    .unique()
    .where(sql.ref('status'), '=', 'draft')
    .execute();
  if (isPostgres(db)) {
    await postgresRefuseWrites(db, {
      name: 'form_versions_published',
      table: 'form_versions',
      events: ['update', 'delete'],
      message: 'FORM_VERSION_PUBLISHED',
      when: `OLD.status = 'published'`,
    });
  } else {
    await sql
      .raw(
        `CREATE TRIGGER form_versions_immutable BEFORE UPDATE ON form_versions WHEN OLD.status = 'published'
         BEGIN SELECT RAISE(ABORT, 'FORM_VERSION_PUBLISHED'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER form_versions_undeletable BEFORE DELETE ON form_versions WHEN OLD.status = 'published'
         BEGIN SELECT RAISE(ABORT, 'FORM_VERSION_PUBLISHED'); END`,
      )
      .execute(db);
  }

  await db.schema
    .createTable('issue_categories')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('dimension', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(40)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(80)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('duty_id', 'integer', (c) => c.references('duties.id'))
    .addColumn('booking_id', 'integer', (c) => c.references('reception_bookings.id'))
    .addColumn('checkpoint', 'integer', (c) => c.notNull())
    .addColumn('form_version_id', 'integer', (c) => c.notNull().references('form_versions.id'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('channel', 'varchar(12)', (c) => c.notNull())
    .addColumn('visited_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('visited_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('issue_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visits_employee').on('visits').columns(['employee_id', 'visited_on']).execute();
  await db.schema
    .createIndex('visits_project')
    .on('visits')
    .columns(['project_id', 'checkpoint', 'visited_on'])
    .execute();
  await db.schema.createIndex('visits_region').on('visits').columns(['region_id', 'visited_on']).execute();
  await db.schema.createIndex('visits_duty').on('visits').column('duty_id').execute();
  await db.schema.createIndex('visits_booking').on('visits').column('booking_id').execute();

  await db.schema
    .createTable('visit_households')
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id'))
    .addPrimaryKeyConstraint('visit_households_pk', ['visit_id', 'household_id'])
    .execute();
  await db.schema
    .createIndex('visit_households_household')
    .on('visit_households')
    .columns(['household_id', 'visit_id'])
    .execute();

  await db.schema
    .createTable('visit_staff')
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addPrimaryKeyConstraint('visit_staff_pk', ['visit_id', 'employee_id'])
    .execute();
  await db.schema.createIndex('visit_staff_employee').on('visit_staff').column('employee_id').execute();

  // Scalar answers, one row per question, for aggregation by stable key and dimension.
  await db.schema
    .createTable('visit_answers')
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
    .addColumn('question_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('type', 'varchar(10)', (c) => c.notNull())
    .addColumn('dimension', 'varchar(16)')
    .addColumn('num', 'real')
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('visit_answers_pk', ['visit_id', 'question_key'])
    .execute();
  await db.schema.createIndex('visit_answers_key').on('visit_answers').columns(['question_key', 'num']).execute();

  await db.schema
    .createTable('visit_issues')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
    .addColumn('question_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('dimension', 'varchar(16)', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('issue_categories.id'))
    .addColumn('severity', 'varchar(8)', (c) => c.notNull())
    .addColumn('building', 'varchar(32)', (c) => c.notNull())
    .addColumn('unit', 'varchar(32)', (c) => c.notNull())
    .addColumn('room', 'varchar(32)', (c) => c.notNull())
    .addColumn('area', 'varchar(32)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)', (c) => c.notNull())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('checkpoint', 'integer', (c) => c.notNull())
    .addColumn('visited_on', 'varchar(10)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visit_issues_visit').on('visit_issues').column('visit_id').execute();
  await db.schema
    .createIndex('visit_issues_category')
    .on('visit_issues')
    .columns(['category_id', 'project_id', 'visited_on'])
    .execute();
  await db.schema
    .createIndex('visit_issues_project')
    .on('visit_issues')
    .columns(['project_id', 'visited_on'])
    .execute();

  // Photos are named by the device's id; a file on disk, linked to a visit once it is submitted.
  await db.schema
    .createTable('photos')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('content_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('file', 'varchar(200)', (c) => c.notNull())
    .addColumn('thumb', 'varchar(200)', (c) => c.notNull())
    .addColumn('visit_id', 'integer', (c) => c.references('visits.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photos_visit').on('photos').column('visit_id').execute();

  await db.schema
    .createTable('visit_drafts')
    .addColumn('client_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('form_version_id', 'integer', (c) => c.notNull().references('form_versions.id'))
    .addColumn('duty_id', 'integer', (c) => c.references('duties.id'))
    .addColumn('booking_id', 'integer', (c) => c.references('reception_bookings.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('visit_drafts_employee')
    .on('visit_drafts')
    .columns(['employee_id', 'updated_at'])
    .execute();
}
