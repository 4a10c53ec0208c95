import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';
import { postgresRefuseWrites, runStatements } from './portable.ts';

/**
 * Appraisal: versioned scoring schemes per position, closed periods with
 * their frozen scores (the employee's unit as it stood, the scheme version,
 * each component and the records it counted), HR's adjustments beside them,
 * and hashed API tokens for the HR system. Frozen scores and published
 * scheme versions refuse updates and deletes. Forward-only.
 */
const POSITIONS = [
  'regional_president',
  'functional_head',
  'project_head',
  'staff',
  'cr_admin',
  'hr_admin',
  'system_admin',
];
// Version 1 of every position, as shipped; later versions are HR's.
const FIRST_SCHEME = JSON.stringify([
  { kind: 'duties_on_time', weight: 40 },
  { kind: 'feedback_complete', weight: 25 },
  { kind: 'customer_rating', weight: 20 },
  { kind: 'actions_on_time', weight: 15 },
]);

const statements = [
  `create table score_schemes (
    id integer primary key autoincrement,
    position varchar(32) not null,
    version integer not null,
    components text not null,
    delegation varchar(16) not null check (delegation in ('attendee', 'both', 'due_person')),
    note text not null default '',
    created_by integer references employees(id),
    created_at bigint not null,
    unique (position, version)
  )`,
  `create table score_periods (
    name varchar(10) primary key,
    kind varchar(8) not null,
    starts_on varchar(10) not null,
    ends_on varchar(10) not null,
    as_of varchar(10) not null,
    people integer not null,
    closed_by integer references employees(id),
    closed_at bigint not null
  )`,
  `create table score_results (
    period varchar(10) not null references score_periods(name),
    employee_id integer not null references employees(id),
    scheme_id integer not null references score_schemes(id),
    employee_no varchar(32) not null,
    name varchar(64) not null,
    line varchar(32),
    position varchar(32) not null,
    region_id integer references regions(id),
    region_name varchar(64),
    project_id integer references projects(id),
    project_name varchar(64),
    total real,
    components text not null,
    records text not null,
    primary key (period, employee_id)
  )`,
  `create index score_results_group on score_results (period, region_id, line, position)`,
  `create table score_adjustments (
    id integer primary key autoincrement,
    period varchar(10) not null,
    employee_id integer not null,
    delta real not null check (delta <> 0 and delta between -100 and 100),
    reason text not null,
    author_id integer not null references employees(id),
    created_at bigint not null,
    foreign key (period, employee_id) references score_results(period, employee_id)
  )`,
  `create index score_adjustments_person on score_adjustments (period, employee_id)`,
  `create table api_tokens (
    id varchar(32) primary key,
    name varchar(80) not null,
    scope varchar(32) not null check (scope in ('scores.read')),
    secret_hash blob not null,
    created_by integer not null references employees(id),
    created_at bigint not null,
    last_used_at bigint,
    revoked_by integer references employees(id),
    revoked_at bigint
  )`,
];

// Published scheme versions and frozen scores never change: SQLite's triggers (the shipped form) and PostgreSQL's.
const sqliteTriggers = [
  `create trigger score_schemes_immutable before update on score_schemes begin select raise(abort, 'SCHEME_VERSION_FIXED'); end`,
  `create trigger score_schemes_undeletable before delete on score_schemes begin select raise(abort, 'SCHEME_VERSION_FIXED'); end`,
  `create trigger score_results_frozen before update on score_results begin select raise(abort, 'SCORE_FROZEN'); end`,
  `create trigger score_results_undeletable before delete on score_results begin select raise(abort, 'SCORE_FROZEN'); end`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
  if (isPostgres(db)) {
    for (const [table, message] of [
      ['score_schemes', 'SCHEME_VERSION_FIXED'],
      ['score_results', 'SCORE_FROZEN'],
    ] as const)
      await postgresRefuseWrites(db, { name: `${table}_fixed`, table, events: ['update', 'delete'], message });
  } else await runStatements(db, sqliteTriggers);
  const at = Date.UTC(2026, 0, 1);
  for (const position of POSITIONS) {
    await sql`insert into score_schemes (position, version, components, delegation, note, created_at)
              values (${position}, 1, ${FIRST_SCHEME}, 'attendee', '默认方案 / default scheme', ${at})`.execute(db);
  }
}
