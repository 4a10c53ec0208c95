import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect/postgres.ts';
import { runStatements } from './portable.ts';

/**
 * The roll-up: monthly feedback totals (kept in step with every visit, so the
 * analysis views read a few thousand rows instead of millions), common issues
 * and their items, detection runs and settings, improvement plans with their
 * actions, evidence, events and verification revisits, and the defect library
 * with a full-text index over pre-segmented Chinese words. Forward-only.
 */
const statements = [
  `create table feedback_monthly (
    region_id integer not null references regions(id),
    project_id integer not null references projects(id),
    checkpoint integer not null,
    dimension varchar(16) not null,
    month varchar(7) not null,
    rating_sum integer not null default 0,
    rating_count integer not null default 0,
    rating_satisfied integer not null default 0,
    promoters integer not null default 0,
    passives integer not null default 0,
    detractors integer not null default 0,
    primary key (region_id, project_id, checkpoint, dimension, month)
  ) without rowid`,
  `create index feedback_monthly_month on feedback_monthly (month, region_id)`,
  `create table visit_monthly (
    region_id integer not null references regions(id),
    project_id integer not null references projects(id),
    checkpoint integer not null,
    month varchar(7) not null,
    visits integer not null default 0,
    primary key (region_id, project_id, checkpoint, month)
  ) without rowid`,
  `create table issue_monthly (
    region_id integer not null references regions(id),
    project_id integer not null references projects(id),
    checkpoint integer not null,
    category_id integer not null references issue_categories(id),
    month varchar(7) not null,
    items integer not null default 0,
    primary key (region_id, project_id, checkpoint, category_id, month)
  ) without rowid`,
  `create index issue_monthly_month on issue_monthly (month, region_id)`,
  `create index visits_project_point on visits (project_id, checkpoint, visited_on)`,

  `create table rollup_settings (
    id integer primary key check (id = 1),
    similarity real not null,
    min_households integer not null,
    min_share real not null,
    min_share_households integer not null,
    updated_at bigint not null,
    updated_by integer references employees(id)
  )`,
  `create table detection_runs (
    id integer primary key autoincrement,
    started_at bigint not null,
    ms integer not null,
    items integer not null,
    attached integer not null,
    suggestions integer not null,
    below_threshold integer not null,
    reopened integer not null,
    settings text not null,
    actor_id integer references employees(id)
  )`,
  `create table common_issues (
    id integer primary key autoincrement,
    status varchar(10) not null check (status in ('suggested', 'confirmed', 'dismissed', 'merged')),
    category_id integer not null references issue_categories(id),
    dimension varchar(16) not null,
    title varchar(80) not null,
    keywords text not null,
    scope varchar(16) not null,
    reason text not null,
    merged_into integer references common_issues(id),
    dismiss_reason varchar(500),
    reviewed_by integer references employees(id),
    reviewed_at bigint,
    created_at bigint not null,
    updated_at bigint not null
  )`,
  `create index common_issues_status on common_issues (status, category_id)`,
  `create table common_issue_items (
    item_id integer primary key references visit_issues(id),
    common_issue_id integer not null references common_issues(id),
    similarity real not null,
    attached_at bigint not null
  )`,
  `create index common_issue_items_issue on common_issue_items (common_issue_id)`,

  `create table improvement_plans (
    id integer primary key autoincrement,
    common_issue_id integer not null references common_issues(id),
    kind varchar(10) not null check (kind in ('targeted', 'future')),
    title varchar(100) not null,
    description text not null,
    cause text not null default '',
    standard_change text not null default '',
    owner_line varchar(32) not null,
    owner_id integer not null references employees(id),
    project_id integer references projects(id),
    region_id integer references regions(id),
    sample_size integer not null,
    status varchar(24) not null check (status in ('draft', 'approved', 'in_progress', 'awaiting_verification', 'closed', 'reopened')),
    evidence_notes text not null default '',
    round integer not null default 0,
    closed_on varchar(10),
    created_by integer references employees(id),
    created_at bigint not null,
    updated_at bigint not null,
    unique (common_issue_id, kind)
  )`,
  `create index improvement_plans_owner on improvement_plans (owner_id, status)`,
  `create table plan_actions (
    id integer primary key autoincrement,
    plan_id integer not null references improvement_plans(id),
    title varchar(200) not null,
    owner_id integer not null references employees(id),
    due_on varchar(10) not null,
    done_on varchar(10),
    done_by integer references employees(id),
    notes text not null default '',
    created_at bigint not null
  )`,
  `create index plan_actions_plan on plan_actions (plan_id)`,
  `create index plan_actions_open on plan_actions (owner_id, due_on) where done_on is null`,
  `create index plan_actions_due on plan_actions (due_on) where done_on is null`,
  `create table plan_events (
    id integer primary key autoincrement,
    plan_id integer not null references improvement_plans(id),
    at bigint not null,
    actor_id integer references employees(id),
    move varchar(16) not null,
    from_status varchar(24),
    to_status varchar(24) not null,
    note text not null default ''
  )`,
  `create index plan_events_plan on plan_events (plan_id, at)`,
  `create table plan_verifications (
    id integer primary key autoincrement,
    plan_id integer not null references improvement_plans(id),
    round integer not null,
    duty_id integer not null unique references duties(id),
    household_id integer not null references households(id),
    employee_id integer not null references employees(id),
    outcome varchar(10) check (outcome in ('fixed', 'not_fixed')),
    notes text not null default '',
    visited_on varchar(10),
    recorded_at bigint
  )`,
  `create index plan_verifications_plan on plan_verifications (plan_id, round)`,
  `alter table photos add column plan_id integer references improvement_plans(id)`,
  `create index photos_plan on photos (plan_id) where plan_id is not null`,

  `create table defects (
    id integer primary key autoincrement,
    plan_id integer not null unique references improvement_plans(id),
    common_issue_id integer not null references common_issues(id),
    category_id integer not null references issue_categories(id),
    title varchar(100) not null,
    description text not null,
    cause text not null,
    standard_change text not null,
    project_ids text not null,
    created_at bigint not null
  )`,
  `create index defects_category on defects (category_id)`,
  // Chinese has no spaces: the words are segmented in code and stored space-separated for the index.
];

// Existing visits, summed once. A PostgreSQL database starts at the latest schema, with none.
const backfill = [
  `insert into visit_monthly (region_id, project_id, checkpoint, month, visits)
   select region_id, project_id, checkpoint, substr(visited_on, 1, 7), count(*) from visits group by 1, 2, 3, 4`,
  `insert into feedback_monthly (region_id, project_id, checkpoint, dimension, month, rating_sum, rating_count, rating_satisfied, promoters, passives, detractors)
   select v.region_id, v.project_id, v.checkpoint, coalesce(a.dimension, case when a.question_key = 'overall' then 'overall' else 'other' end), substr(v.visited_on, 1, 7),
     sum(case when a.type = 'rating' then a.num else 0 end), sum(a.type = 'rating'), sum(a.type = 'rating' and a.num >= 4),
     sum(a.type = 'nps' and a.num >= 9), sum(a.type = 'nps' and a.num between 7 and 8), sum(a.type = 'nps' and a.num <= 6)
   from visit_answers a join visits v on v.id = a.visit_id
   where a.type in ('rating', 'nps') and a.num is not null group by 1, 2, 3, 4, 5`,
  `insert into issue_monthly (region_id, project_id, checkpoint, category_id, month, items)
   select v.region_id, i.project_id, i.checkpoint, i.category_id, substr(i.visited_on, 1, 7), count(*)
   from visit_issues i join visits v on v.id = i.visit_id group by 1, 2, 3, 4, 5`,
];

/**
 * The defect library's words (segmented by the product, one space between
 * words): FTS5 on SQLite; on PostgreSQL a tsvector over the same words
 * ('simple': no stemming, so a segmented Chinese word is one lexeme) with a
 * GIN index.
 */
const sqliteFts = `create virtual table defects_fts using fts5 (words, tokenize = 'unicode61')`;
const postgresFts = [
  `create table defects_fts (
    rowid integer primary key,
    words text not null,
    tsv tsvector generated always as (to_tsvector('simple', words)) stored
  )`,
  `create index defects_fts_tsv on defects_fts using gin (tsv)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  // The backfill reads tables created before this migration and runs first, as it always has on SQLite.
  const [before, after] = [statements.slice(0, 5), statements.slice(5)];
  await runStatements(db, [...before, ...(pg ? [] : backfill), ...after, ...(pg ? postgresFts : [sqliteFts])]);
}
