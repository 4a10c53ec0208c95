import type { Generated, Insertable, Selectable } from 'kysely';

/** Table shapes as Kysely sees them. Times are epoch milliseconds; dates are 'YYYY-MM-DD'. */
export interface Database {
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  ticket_notes: TicketNoteTable;
  ticket_photos: TicketPhotoTable;
  ticket_follow_ups: TicketFollowUpTable;
  ticket_routes: TicketRouteTable;
  ticket_sla_limits: TicketSlaLimitTable;
  warranty_periods: WarrantyPeriodTable;
  category_warranty: CategoryWarrantyTable;
  ticket_monthly: TicketMonthlyTable;
  regions: RegionTable;
  projects: ProjectTable;
  project_checkpoints: ProjectCheckpointTable;
  employees: EmployeeTable;
  employee_leaves: EmployeeLeaveTable;
  households: HouseholdTable;
  household_owners: HouseholdOwnerTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
  calendar_version: CalendarVersionTable;
  project_blackouts: ProjectBlackoutTable;
  cadence_rules: CadenceRuleTable;
  checkpoint_participation: CheckpointParticipationTable;
  checkpoint_events: CheckpointEventTable;
  duties: DutyTable;
  household_assignments: HouseholdAssignmentTable;
  schedule_runs: ScheduleRunTable;
  reception_days: ReceptionDayTable;
  reception_slots: ReceptionSlotTable;
  reception_bookings: ReceptionBookingTable;
  reception_attendees: ReceptionAttendeeTable;
  outbox: OutboxTable;
  feed_tokens: FeedTokenTable;
  job_runs: JobRunTable;
  forms: FormTable;
  form_versions: FormVersionTable;
  issue_categories: IssueCategoryTable;
  visits: VisitTable;
  visit_households: VisitHouseholdTable;
  visit_staff: VisitStaffTable;
  visit_answers: VisitAnswerTable;
  visit_issues: VisitIssueTable;
  photos: PhotoTable;
  visit_drafts: VisitDraftTable;
  feedback_monthly: FeedbackMonthlyTable;
  visit_monthly: VisitMonthlyTable;
  issue_monthly: IssueMonthlyTable;
  common_issues: CommonIssueTable;
  common_issue_items: CommonIssueItemTable;
  detection_runs: DetectionRunTable;
  rollup_settings: RollupSettingsTable;
  improvement_plans: ImprovementPlanTable;
  plan_actions: PlanActionTable;
  plan_events: PlanEventTable;
  plan_verifications: PlanVerificationTable;
  defects: DefectTable;
  defects_fts: DefectFtsTable;
  score_schemes: ScoreSchemeTable;
  score_periods: ScorePeriodTable;
  score_results: ScoreResultTable;
  score_adjustments: ScoreAdjustmentTable;
  api_tokens: ApiTokenTable;
  sign_in_throttle: SignInThrottleTable;
  leases: LeaseTable;
  health_probe: HealthProbeTable;
  score_inputs: ScoreInputsTable;
}

export interface RegionTable {
  id: Generated<number>;
  code: string;
  name: string;
  city: string;
}

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  region_id: number;
  name: string;
  phase: string;
  address: string;
  stage: string;
  work_start: Generated<string>;
  work_end: Generated<string>;
  completed_on: string | null;
}

export interface ProjectCheckpointTable {
  project_id: number;
  checkpoint: number;
  planned_on: string | null;
  held_on: string | null;
}

export interface EmployeeTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  line: string | null;
  position: string;
  region_id: number | null;
  project_id: number | null;
  manager_id: number | null;
  active: number;
  left_on: string | null;
  email: string | null;
  phone: string | null;
  login: string | null;
  password_hash: string | null;
  /** 1 after an administrator's reset, until the person chooses a new password. */
  password_change_required: Generated<number>;
  /** Share of the project's households this person takes; null = default for the position. */
  ownership_weight: number | null;
  /** An executive's assistant may run their reception days. */
  assists_employee_id: number | null;
  /** 'zh-CN' | 'en': the screen after sign-in and every mail and invite they are sent. */
  language: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface EmployeeLeaveTable {
  id: Generated<number>;
  employee_id: number;
  starts_on: string;
  ends_on: string;
  kind: string;
}

export interface HouseholdTable {
  id: Generated<number>;
  project_id: number;
  building: string;
  unit: string;
  room: string;
  stage: string;
  owner_employee_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface HouseholdOwnerTable {
  id: Generated<number>;
  household_id: number;
  position: number;
  name: string;
  phone: string | null;
}

export interface SessionTable {
  id: string;
  secret_hash: Uint8Array;
  employee_id: number;
  created_at: number;
  last_active_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}

export type EmployeeRow = Selectable<EmployeeTable>;
export type NewEmployeeRow = Insertable<EmployeeTable>;
export type HouseholdRow = Selectable<HouseholdTable>;

export interface CalendarYearTable {
  year: number;
  source: string;
  updated_at: number;
  updated_by: number | null;
  /** The notice's title, document number and publication date, when the year came from a pasted notice. */
  title: string | null;
  document_no: string | null;
  published_on: string | null;
}

/** One row: raised by every change of the calendar, so cached calendars know they are stale. */
export interface CalendarVersionTable {
  id: number;
  version: number;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  kind: 'holiday' | 'makeup';
  name: string;
}

export interface ProjectBlackoutTable {
  id: Generated<number>;
  project_id: number;
  date: string;
  reason: string;
}

export interface CadenceRuleTable {
  id: Generated<number>;
  name: string;
  kind: string;
  position: string;
  line: string | null;
  period: string;
  place: string;
  per_period: number;
  active: number;
  updated_at: number;
}

export interface CheckpointParticipationTable {
  checkpoint: number;
  line: string;
  households_per_staff: number;
}

export interface CheckpointEventTable {
  id: Generated<number>;
  project_id: number;
  checkpoint: number;
  title: string;
  starts_on: string;
  ends_on: string;
  start_time: string;
  end_time: string;
  expected_households: number;
  created_by: number | null;
  created_at: number;
}

export interface DutyTable {
  id: Generated<number>;
  key: string;
  kind: string;
  rule_id: number | null;
  event_id: number | null;
  employee_id: number;
  region_id: number | null;
  project_id: number | null;
  period_kind: string;
  period_key: string;
  due_from: string;
  due_to: string;
  proposed_on: string | null;
  scheduled_on: string | null;
  household_id: number | null;
  status: string;
  deputy_id: number | null;
  attended_by: number | null;
  completed_on: string | null;
  notes: string | null;
  reason: string | null;
  approved_by: number | null;
  updated_at: number;
  ticket_id: number | null;
}

export interface HouseholdAssignmentTable {
  id: Generated<number>;
  household_id: number;
  from_employee_id: number | null;
  to_employee_id: number | null;
  reason: string;
  note: string | null;
  at: number;
  actor_id: number | null;
}

export interface ScheduleRunTable {
  id: Generated<number>;
  status: string;
  horizon_from: string;
  horizon_to: string;
  allow_unknown_years: number;
  done: number;
  total: number;
  report_json: string | null;
  actor_id: number | null;
  started_at: number;
  finished_at: number | null;
  /** JSON array of region ids; null: every region. */
  region_ids: string | null;
  /** Why a failed run stopped. */
  error: string | null;
  /** The app server running it (its planning lease holder); null for runs from before leases. */
  holder: string | null;
}

export interface ReceptionDayTable {
  id: Generated<number>;
  duty_id: number;
  employee_id: number;
  project_id: number;
  venue_kind: string;
  date: string;
  start_time: string;
  end_time: string;
  slot_minutes: number;
  slot_capacity: number;
  topic: string;
  status: 'open' | 'cancelled';
  cancel_reason: string | null;
  /** iCalendar UID: one per day, for every invite, update and cancellation. */
  uid: string;
  /** iCalendar SEQUENCE of the last message sent. */
  sequence: number;
  /** Where the day should move now that its date is no longer a working day (a person decides). */
  proposed_date: string | null;
  proposed_reason: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ReceptionSlotTable {
  id: Generated<number>;
  day_id: number;
  starts_at: string;
  ends_at: string;
  capacity: number;
  /** Replaced slots stay (old bookings point at them) but take no bookings. */
  active: number;
  /** How many live bookings the slot holds, kept by every write of one (migration 012); 0..capacity. */
  booked: Generated<number>;
}

export interface ReceptionBookingTable {
  id: Generated<number>;
  day_id: number;
  slot_id: number;
  household_id: number;
  booked_by: number;
  date: string;
  note: string;
  status: 'booked' | 'cancelled' | 'released';
  reason: string | null;
  created_at: number;
  updated_at: number;
}

/** Who has been sent the current invite, so a removal can be told to just them. */
export interface ReceptionAttendeeTable {
  day_id: number;
  employee_id: number;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  to_address: string;
  to_name: string;
  to_employee_id: number | null;
  subject: string;
  body_text: string;
  ics: string | null;
  ics_method: string | null;
  ref: string | null;
  dedupe_key: string | null;
  message_id: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'stored';
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  /** The app server whose lease `lease_until` is, while the row is being sent. */
  lease_holder: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface FeedTokenTable {
  employee_id: number;
  token: string;
  created_at: number;
}

export interface JobRunTable {
  job: string;
  run_key: string;
  finished_at: number;
  report_json: string | null;
}

export interface FormTable {
  id: Generated<number>;
  checkpoint: number;
  code: string;
  in_use: number;
  created_at: number;
}

export interface FormVersionTable {
  id: Generated<number>;
  form_id: number;
  version: number;
  status: 'draft' | 'published';
  /** The FormDefinition as JSON. */
  definition: string;
  created_by: number | null;
  created_at: number;
  published_by: number | null;
  published_at: number | null;
}

export interface IssueCategoryTable {
  id: Generated<number>;
  code: string;
  dimension: string;
  name_zh: string;
  name_en: string;
  active: number;
  created_at: number;
}

export interface VisitTable {
  id: Generated<number>;
  client_id: string;
  employee_id: number;
  duty_id: number | null;
  booking_id: number | null;
  checkpoint: number;
  form_version_id: number;
  project_id: number;
  region_id: number;
  channel: string;
  visited_on: string;
  visited_at: string;
  /** The validated answers as JSON, as the form version reads them. */
  answers: string;
  issue_count: number;
  created_at: number;
}

export interface VisitHouseholdTable {
  visit_id: number;
  household_id: number;
}

export interface VisitStaffTable {
  visit_id: number;
  employee_id: number;
}

export interface VisitAnswerTable {
  visit_id: number;
  question_key: string;
  type: string;
  dimension: string | null;
  num: number | null;
  text: string | null;
}

export interface VisitIssueTable {
  id: Generated<number>;
  visit_id: number;
  question_key: string;
  position: number;
  dimension: string;
  category_id: number;
  severity: string;
  building: string;
  unit: string;
  room: string;
  area: string;
  description: string;
  project_id: number;
  checkpoint: number;
  visited_on: string;
}

export interface PhotoTable {
  id: string;
  uploaded_by: number;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  file: string;
  thumb: string;
  visit_id: number | null;
  /** Set when the photo is evidence of an improvement plan's fix. */
  plan_id: number | null;
  created_at: number;
}

export interface VisitDraftTable {
  client_id: string;
  employee_id: number;
  form_version_id: number;
  duty_id: number | null;
  booking_id: number | null;
  payload: string;
  updated_at: number;
}

// ——— roll-up: monthly totals, common issues, improvement plans, the defect library ———

/** Feedback ratings and NPS answers per region × project × checkpoint × dimension × month, kept by every visit. */
export interface FeedbackMonthlyTable {
  region_id: number;
  project_id: number;
  checkpoint: number;
  dimension: string;
  month: string;
  rating_sum: Generated<number>;
  rating_count: Generated<number>;
  rating_satisfied: Generated<number>;
  promoters: Generated<number>;
  passives: Generated<number>;
  detractors: Generated<number>;
}

export interface VisitMonthlyTable {
  region_id: number;
  project_id: number;
  checkpoint: number;
  month: string;
  visits: Generated<number>;
}

export interface IssueMonthlyTable {
  region_id: number;
  project_id: number;
  checkpoint: number;
  category_id: number;
  month: string;
  items: Generated<number>;
}

export interface CommonIssueTable {
  id: Generated<number>;
  status: 'suggested' | 'confirmed' | 'dismissed' | 'merged';
  category_id: number;
  dimension: string;
  title: string;
  /** JSON array of key words. */
  keywords: string;
  scope: string;
  /** JSON: why the issue was suggested. */
  reason: string;
  merged_into: number | null;
  dismiss_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface CommonIssueItemTable {
  item_id: number;
  common_issue_id: number;
  similarity: number;
  attached_at: number;
}

export interface DetectionRunTable {
  id: Generated<number>;
  started_at: number;
  ms: number;
  items: number;
  attached: number;
  suggestions: number;
  below_threshold: number;
  reopened: number;
  /** JSON: the thresholds it ran with. */
  settings: string;
  actor_id: number | null;
}

/** One row: the detection thresholds customer relations set. */
export interface RollupSettingsTable {
  id: number;
  similarity: number;
  min_households: number;
  min_share: number;
  min_share_households: number;
  updated_at: number;
  updated_by: number | null;
}

export interface ImprovementPlanTable {
  id: Generated<number>;
  common_issue_id: number;
  kind: 'targeted' | 'future';
  title: string;
  description: string;
  cause: Generated<string>;
  standard_change: Generated<string>;
  owner_line: string;
  owner_id: number;
  project_id: number | null;
  region_id: number | null;
  sample_size: number;
  status: 'draft' | 'approved' | 'in_progress' | 'awaiting_verification' | 'closed' | 'reopened';
  evidence_notes: Generated<string>;
  round: Generated<number>;
  closed_on: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface PlanActionTable {
  id: Generated<number>;
  plan_id: number;
  title: string;
  owner_id: number;
  due_on: string;
  done_on: string | null;
  done_by: number | null;
  notes: Generated<string>;
  created_at: number;
}

export interface PlanEventTable {
  id: Generated<number>;
  plan_id: number;
  at: number;
  actor_id: number | null;
  move: string;
  from_status: string | null;
  to_status: string;
  note: Generated<string>;
}

export interface PlanVerificationTable {
  id: Generated<number>;
  plan_id: number;
  round: number;
  duty_id: number;
  household_id: number;
  employee_id: number;
  outcome: 'fixed' | 'not_fixed' | null;
  notes: Generated<string>;
  visited_on: string | null;
  recorded_at: number | null;
}

export interface DefectTable {
  id: Generated<number>;
  plan_id: number;
  common_issue_id: number;
  category_id: number;
  title: string;
  description: string;
  cause: string;
  standard_change: string;
  /** JSON array of the source projects' ids. */
  project_ids: string;
  created_at: number;
}

/** FTS5 over the segmented words of each defect (rowid = defects.id). */
export interface DefectFtsTable {
  rowid: number;
  words: string;
}

// ——— appraisal ———

export interface ScoreSchemeTable {
  id: Generated<number>;
  position: string;
  version: number;
  /** JSON array of { kind, weight }. */
  components: string;
  delegation: 'attendee' | 'both' | 'due_person';
  note: Generated<string>;
  created_by: number | null;
  created_at: number;
}

export interface ScorePeriodTable {
  name: string;
  kind: string;
  starts_on: string;
  ends_on: string;
  as_of: string;
  people: number;
  closed_by: number | null;
  closed_at: number;
}

export interface ScoreResultTable {
  period: string;
  employee_id: number;
  scheme_id: number;
  employee_no: string;
  name: string;
  line: string | null;
  position: string;
  region_id: number | null;
  region_name: string | null;
  project_id: number | null;
  project_name: string | null;
  total: number | null;
  /** JSON: each component's value, numerator and denominator. */
  components: string;
  /** JSON: the records each component counted, with their outcome. */
  records: string;
}

export interface ScoreAdjustmentTable {
  id: Generated<number>;
  period: string;
  employee_id: number;
  delta: number;
  reason: string;
  author_id: number;
  created_at: number;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  scope: 'scores.read';
  secret_hash: Uint8Array;
  created_by: number;
  created_at: number;
  last_used_at: number | null;
  revoked_by: number | null;
  revoked_at: number | null;
}

export interface TicketTable {
  id: Generated<number>;
  client_id: string;
  household_id: number;
  project_id: number;
  region_id: number;
  type: string;
  channel: string;
  category_id: number;
  severity: string;
  scope: Generated<string>;
  status: string;
  resume_status: string | null;
  wait_reason: string | null;
  queue: string | null;
  reporter_kind: string;
  reporter_name: Generated<string>;
  reporter_phone: Generated<string>;
  building: Generated<string>;
  unit: Generated<string>;
  room: Generated<string>;
  area: Generated<string>;
  description: string;
  handler_id: number | null;
  responsible_line: string | null;
  cause: Generated<string>;
  evidence: Generated<string>;
  actions: Generated<string>;
  promised_on: string | null;
  accepted_how: string | null;
  close_reason: string | null;
  dismiss_reason: string | null;
  explanation: string | null;
  common_issue_id: number | null;
  improvement_plan_id: number | null;
  visit_issue_id: number | null;
  booking_id: number | null;
  warranty_status: Generated<string>;
  warranty_ends_on: string | null;
  created_by: number | null;
  accepted_at: number;
  first_response_at: number | null;
  closed_at: number | null;
  reopen_count: Generated<number>;
  ever_closed_unaccepted: Generated<number>;
  first_response_by: number;
  resolve_by: number;
  breached: Generated<number>;
  remind_at: number | null;
  escalate_at: number | null;
  last_note_at: number | null;
  reminded_at: number | null;
  breach_told_at: number | null;
  escalated_at: number | null;
  /** JSON: the month and totals this ticket last added to ticket_monthly, so the next change replaces exactly them. */
  counted: string | null;
  version: Generated<number>;
  updated_at: number;
}

export interface TicketEventTable {
  id: Generated<number>;
  ticket_id: number;
  at: number;
  actor_id: number | null;
  move: string;
  from_status: string | null;
  to_status: string;
  clock: string;
  details: Generated<string>;
}

export interface TicketNoteTable {
  id: Generated<number>;
  ticket_id: number;
  at: number;
  author_id: number;
  told_via: string;
  text: string;
}

export interface TicketPhotoTable {
  ticket_id: number;
  photo_id: string;
}

export interface TicketFollowUpTable {
  id: Generated<number>;
  ticket_id: number;
  round: number;
  duty_id: number;
  employee_id: number;
  due_on: string;
  satisfaction: number | null;
  comments: string | null;
  recorded_at: number | null;
}

export interface TicketRouteTable {
  id: Generated<number>;
  category_id: number | null;
  project_id: number | null;
  line: string;
  handler_id: number | null;
  updated_at: number;
}

export interface TicketSlaLimitTable {
  id: Generated<number>;
  category_id: number | null;
  severity: string;
  first_response_days: number;
  resolve_single_days: number;
  resolve_cross_days: number;
  updated_at: number;
}

export interface WarrantyPeriodTable {
  kind: string;
  unit: string;
  count: number;
  season_end: string | null;
  updated_at: number;
}

export interface CategoryWarrantyTable {
  category_id: number;
  kind: string;
}

export interface TicketMonthlyTable {
  region_id: number;
  project_id: number;
  type: string;
  month: string;
  closed: Generated<number>;
  closed_on_time: Generated<number>;
  first_time_closed: Generated<number>;
  followed_up_in_time: Generated<number>;
  first_response_on_time: Generated<number>;
  reopened: Generated<number>;
  dismissed: Generated<number>;
  close_working_days: Generated<number>;
}

/** One sign-in throttle counter (an account or an address); `version` guards concurrent updates. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  locked_until: number;
  version: number;
  updated_at: number;
}

/** Who may run a named piece of work until when; a lapsed lease may be taken by anyone. */
export interface LeaseTable {
  name: string;
  holder: string;
  until_ms: number;
  acquired_at: number | null;
}

/** The health check's write: one row (id 1), rewritten by each app server at most every few seconds. */
export interface HealthProbeTable {
  id: number;
  holder: string;
  probed_at: number;
}

/** A shard of the version of everything scores are made of, bumped by triggers (migration 018). */
export interface ScoreInputsTable {
  shard: number;
  version: number;
}
