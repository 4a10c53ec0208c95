import type { Kysely } from 'kysely';
import { runStatements } from './portable.ts';

/**
 * Complaints and repairs (checkpoint 6): tickets and their history (the
 * clock is replayed from `ticket_events`), customer-facing progress notes,
 * photos, follow-ups (each one a duty), the routing table, SLA limits,
 * warranty periods per category, working hours and the completion-acceptance
 * date per project, and monthly ticket totals kept in step with every change
 * so the indicators read a few thousand rows. Forward-only.
 */
const statements = [
  `alter table projects add column work_start varchar(5) not null default '09:00'`,
  `alter table projects add column work_end varchar(5) not null default '18:00'`,
  `alter table projects add column completed_on varchar(10)`,
  `create index household_owners_phone on household_owners (phone)`,
  `create table tickets (
    id integer primary key autoincrement,
    client_id varchar(64) not null unique,
    household_id integer not null references households(id),
    project_id integer not null references projects(id),
    region_id integer not null references regions(id),
    type varchar(16) not null check (type in ('complaint', 'repair', 'consultation')),
    channel varchar(24) not null,
    category_id integer not null references issue_categories(id),
    severity varchar(8) not null check (severity in ('general', 'major', 'crisis')),
    scope varchar(12) not null default 'single_line' check (scope in ('single_line', 'cross_line')),
    status varchar(20) not null,
    resume_status varchar(20),
    wait_reason varchar(24),
    queue varchar(12),
    reporter_kind varchar(8) not null check (reporter_kind in ('owner', 'other')),
    reporter_name varchar(64) not null default '',
    reporter_phone varchar(32) not null default '',
    building varchar(32) not null default '',
    unit varchar(32) not null default '',
    room varchar(32) not null default '',
    area varchar(32) not null default '',
    description varchar(2000) not null,
    handler_id integer references employees(id),
    responsible_line varchar(32),
    cause text not null default '',
    evidence text not null default '',
    actions text not null default '',
    promised_on varchar(10),
    accepted_how varchar(16),
    close_reason text,
    dismiss_reason varchar(12),
    explanation text,
    common_issue_id integer references common_issues(id),
    improvement_plan_id integer references improvement_plans(id),
    visit_issue_id integer unique references visit_issues(id),
    booking_id integer references reception_bookings(id),
    warranty_status varchar(16) not null default 'unknown',
    warranty_ends_on varchar(10),
    created_by integer references employees(id),
    accepted_at bigint not null,
    first_response_at bigint,
    closed_at bigint,
    reopen_count integer not null default 0,
    ever_closed_unaccepted integer not null default 0,
    first_response_by bigint not null,
    resolve_by bigint not null,
    breached integer not null default 0,
    remind_at bigint,
    escalate_at bigint,
    last_note_at bigint,
    reminded_at bigint,
    breach_told_at bigint,
    escalated_at bigint,
    counted text,
    version integer not null default 1,
    updated_at bigint not null
  )`,
  `alter table duties add column ticket_id integer references tickets(id)`,
  `create index tickets_household on tickets (household_id, accepted_at)`,
  `create index tickets_open on tickets (region_id, status, resolve_by) where status in ('accepted', 'confirmed', 'assessed', 'investigated', 'handling', 'awaiting_customer')`,
  `create index tickets_handler on tickets (handler_id, status)`,
  `create index tickets_project on tickets (project_id, accepted_at)`,
  `create table ticket_events (
    id integer primary key autoincrement,
    ticket_id integer not null references tickets(id),
    at bigint not null,
    actor_id integer references employees(id),
    move varchar(16) not null,
    from_status varchar(20),
    to_status varchar(20) not null,
    clock varchar(8) not null check (clock in ('running', 'paused', 'stopped')),
    details text not null default '{}'
  )`,
  `create index ticket_events_ticket on ticket_events (ticket_id, at)`,
  `create table ticket_notes (
    id integer primary key autoincrement,
    ticket_id integer not null references tickets(id),
    at bigint not null,
    author_id integer not null references employees(id),
    told_via varchar(16) not null,
    text varchar(1000) not null
  )`,
  `create index ticket_notes_ticket on ticket_notes (ticket_id, at)`,
  `create table ticket_photos (
    ticket_id integer not null references tickets(id),
    photo_id varchar(36) not null references photos(id),
    primary key (ticket_id, photo_id)
  ) without rowid`,
  `create table ticket_follow_ups (
    id integer primary key autoincrement,
    ticket_id integer not null references tickets(id),
    round integer not null,
    duty_id integer not null unique references duties(id),
    employee_id integer not null references employees(id),
    due_on varchar(10) not null,
    satisfaction integer check (satisfaction between 1 and 5),
    comments text,
    recorded_at bigint,
    unique (ticket_id, round)
  )`,
  `create table ticket_routes (
    id integer primary key autoincrement,
    category_id integer references issue_categories(id),
    project_id integer references projects(id),
    line varchar(32) not null,
    handler_id integer references employees(id),
    updated_at bigint not null
  )`,
  `create unique index ticket_routes_key on ticket_routes (coalesce(category_id, 0), coalesce(project_id, 0))`,
  `create table ticket_sla_limits (
    id integer primary key autoincrement,
    category_id integer references issue_categories(id),
    severity varchar(8) not null check (severity in ('general', 'major', 'crisis')),
    first_response_days real not null check (first_response_days >= 0),
    resolve_single_days real not null check (resolve_single_days > 0),
    resolve_cross_days real not null check (resolve_cross_days > 0),
    updated_at bigint not null
  )`,
  `create unique index ticket_sla_limits_key on ticket_sla_limits (coalesce(category_id, 0), severity)`,
  `create table warranty_periods (
    kind varchar(20) primary key,
    unit varchar(8) not null check (unit in ('years', 'seasons')),
    count integer not null check (count > 0),
    season_end varchar(5),
    updated_at bigint not null
  )`,
  `create table category_warranty (
    category_id integer primary key references issue_categories(id),
    kind varchar(20) not null references warranty_periods(kind)
  )`,
  `create table ticket_monthly (
    region_id integer not null references regions(id),
    project_id integer not null references projects(id),
    type varchar(16) not null,
    month varchar(7) not null,
    closed integer not null default 0,
    closed_on_time integer not null default 0,
    first_time_closed integer not null default 0,
    followed_up_in_time integer not null default 0,
    first_response_on_time integer not null default 0,
    reopened integer not null default 0,
    dismissed integer not null default 0,
    close_working_days real not null default 0,
    primary key (region_id, project_id, type, month)
  ) without rowid`,
  `create index ticket_monthly_month on ticket_monthly (month, region_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
