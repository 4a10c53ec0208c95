import { sql, type Kysely } from 'kysely';

/** The organisation, customers, sessions and the audit log. Forward-only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('city', 'varchar(64)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('region_id', 'integer', (c) => c.notNull().references('regions.id'))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('phase', 'varchar(32)', (c) => c.notNull())
    .addColumn('address', 'varchar(200)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_region').on('projects').column('region_id').execute();

  await db.schema
    .createTable('project_checkpoints')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('checkpoint', 'integer', (c) => c.notNull().check(sql`checkpoint between 1 and 5`))
    .addColumn('planned_on', 'varchar(10)')
    .addColumn('held_on', 'varchar(10)')
    .addPrimaryKeyConstraint('project_checkpoints_pk', ['project_id', 'checkpoint'])
    .execute();

  await db.schema
    .createTable('employees')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('employee_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('line', 'varchar(32)')
    .addColumn('position', 'varchar(32)', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.references('regions.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('manager_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('left_on', 'varchar(10)')
    .addColumn('email', 'varchar(128)')
    .addColumn('phone', 'varchar(32)')
    .addColumn('login', 'varchar(64)', (c) => c.unique())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('employees_project').on('employees').columns(['project_id', 'line']).execute();
  await db.schema.createIndex('employees_region').on('employees').columns(['region_id', 'position']).execute();

  await db.schema
    .createTable('employee_leaves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('employee_leaves_employee').on('employee_leaves').column('employee_id').execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('building', 'varchar(16)', (c) => c.notNull())
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('room', 'varchar(16)', (c) => c.notNull())
    .addColumn('stage', 'varchar(32)', (c) => c.notNull())
    .addColumn('owner_employee_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('households_address', ['project_id', 'building', 'unit', 'room'])
    .execute();
  await db.schema.createIndex('households_owner').on('households').column('owner_employee_id').execute();

  await db.schema
    .createTable('household_owners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('phone', 'varchar(32)')
    .addUniqueConstraint('household_owners_position', ['household_id', 'position'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('secret_hash', 'blob', (c) => c.notNull())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_active_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_employee').on('sessions').column('employee_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
}
