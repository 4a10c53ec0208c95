import type { Database } from './schema.ts';

/**
 * Every table's columns as the migrations leave them, at run time. The type
 * below makes it list exactly the columns of each table of `Database` (a
 * column added to one and not the other fails typecheck), and
 * `schema.integration.test.ts` holds it to a freshly migrated database, so
 * the `Database` type cannot drift from the schema.
 */
export const COLUMNS = {
  api_tokens: ['id', 'name', 'scope', 'secret_hash', 'created_by', 'created_at', 'last_used_at', 'revoked_by', 'revoked_at'],
  audit_log: ['id', 'at', 'actor_id', 'action', 'entity', 'entity_id', 'before_json', 'after_json', 'ip', 'request_id'],
  cadence_rules: ['id', 'name', 'kind', 'position', 'line', 'period', 'place', 'per_period', 'active', 'updated_at'],
  calendar_days: ['date', 'year', 'kind', 'name'],
  calendar_version: ['id', 'version'],
  calendar_years: ['year', 'source', 'updated_at', 'updated_by', 'title', 'document_no', 'published_on'],
  checkpoint_events: ['id', 'project_id', 'checkpoint', 'title', 'starts_on', 'ends_on', 'start_time', 'end_time', 'expected_households', 'created_by', 'created_at'],
  checkpoint_participation: ['checkpoint', 'line', 'households_per_staff'],
  common_issue_items: ['item_id', 'common_issue_id', 'similarity', 'attached_at'],
  common_issues: ['id', 'status', 'category_id', 'dimension', 'title', 'keywords', 'scope', 'reason', 'merged_into', 'dismiss_reason', 'reviewed_by', 'reviewed_at', 'created_at', 'updated_at'],
  defects: ['id', 'plan_id', 'common_issue_id', 'category_id', 'title', 'description', 'cause', 'standard_change', 'project_ids', 'created_at'],
  defects_fts: ['rowid', 'words'],
  detection_runs: ['id', 'started_at', 'ms', 'items', 'attached', 'suggestions', 'below_threshold', 'reopened', 'settings', 'actor_id'],
  duties: ['id', 'key', 'kind', 'rule_id', 'event_id', 'employee_id', 'region_id', 'project_id', 'period_kind', 'period_key', 'due_from', 'due_to', 'proposed_on', 'scheduled_on', 'household_id', 'status', 'deputy_id', 'attended_by', 'completed_on', 'notes', 'reason', 'approved_by', 'updated_at'],
  employee_leaves: ['id', 'employee_id', 'starts_on', 'ends_on', 'kind'],
  employees: ['id', 'employee_no', 'name', 'line', 'position', 'region_id', 'project_id', 'manager_id', 'active', 'left_on', 'email', 'phone', 'login', 'password_hash', 'created_at', 'updated_at', 'ownership_weight', 'assists_employee_id', 'password_change_required'],
  feed_tokens: ['employee_id', 'token', 'created_at'],
  feedback_monthly: ['region_id', 'project_id', 'checkpoint', 'dimension', 'month', 'rating_sum', 'rating_count', 'rating_satisfied', 'promoters', 'passives', 'detractors'],
  form_versions: ['id', 'form_id', 'version', 'status', 'definition', 'created_by', 'created_at', 'published_by', 'published_at'],
  forms: ['id', 'checkpoint', 'code', 'in_use', 'created_at'],
  household_assignments: ['id', 'household_id', 'from_employee_id', 'to_employee_id', 'reason', 'note', 'at', 'actor_id'],
  household_owners: ['id', 'household_id', 'position', 'name', 'phone'],
  households: ['id', 'project_id', 'building', 'unit', 'room', 'stage', 'owner_employee_id', 'created_at', 'updated_at'],
  improvement_plans: ['id', 'common_issue_id', 'kind', 'title', 'description', 'cause', 'standard_change', 'owner_line', 'owner_id', 'project_id', 'region_id', 'sample_size', 'status', 'evidence_notes', 'round', 'closed_on', 'created_by', 'created_at', 'updated_at'],
  issue_categories: ['id', 'code', 'dimension', 'name_zh', 'name_en', 'active', 'created_at'],
  issue_monthly: ['region_id', 'project_id', 'checkpoint', 'category_id', 'month', 'items'],
  job_runs: ['job', 'run_key', 'finished_at', 'report_json'],
  outbox: ['id', 'kind', 'to_address', 'to_name', 'to_employee_id', 'subject', 'body_text', 'ics', 'ics_method', 'ref', 'dedupe_key', 'message_id', 'status', 'attempts', 'next_attempt_at', 'lease_until', 'last_error', 'created_at', 'sent_at'],
  photos: ['id', 'uploaded_by', 'content_type', 'bytes', 'width', 'height', 'file', 'thumb', 'visit_id', 'created_at', 'plan_id'],
  plan_actions: ['id', 'plan_id', 'title', 'owner_id', 'due_on', 'done_on', 'done_by', 'notes', 'created_at'],
  plan_events: ['id', 'plan_id', 'at', 'actor_id', 'move', 'from_status', 'to_status', 'note'],
  plan_verifications: ['id', 'plan_id', 'round', 'duty_id', 'household_id', 'employee_id', 'outcome', 'notes', 'visited_on', 'recorded_at'],
  project_blackouts: ['id', 'project_id', 'date', 'reason'],
  project_checkpoints: ['project_id', 'checkpoint', 'planned_on', 'held_on'],
  projects: ['id', 'code', 'region_id', 'name', 'phase', 'address', 'stage'],
  reception_attendees: ['day_id', 'employee_id'],
  reception_bookings: ['id', 'day_id', 'slot_id', 'household_id', 'booked_by', 'date', 'note', 'status', 'reason', 'created_at', 'updated_at'],
  reception_days: ['id', 'duty_id', 'employee_id', 'project_id', 'venue_kind', 'date', 'start_time', 'end_time', 'slot_minutes', 'slot_capacity', 'topic', 'status', 'cancel_reason', 'uid', 'sequence', 'created_by', 'created_at', 'updated_at', 'proposed_date', 'proposed_reason'],
  reception_slots: ['id', 'day_id', 'starts_at', 'ends_at', 'capacity', 'active'],
  regions: ['id', 'code', 'name', 'city'],
  rollup_settings: ['id', 'similarity', 'min_households', 'min_share', 'min_share_households', 'updated_at', 'updated_by'],
  schedule_runs: ['id', 'status', 'horizon_from', 'horizon_to', 'allow_unknown_years', 'done', 'total', 'report_json', 'actor_id', 'started_at', 'finished_at', 'region_ids', 'error'],
  score_adjustments: ['id', 'period', 'employee_id', 'delta', 'reason', 'author_id', 'created_at'],
  score_periods: ['name', 'kind', 'starts_on', 'ends_on', 'as_of', 'people', 'closed_by', 'closed_at'],
  score_results: ['period', 'employee_id', 'scheme_id', 'employee_no', 'name', 'line', 'position', 'region_id', 'region_name', 'project_id', 'project_name', 'total', 'components', 'records'],
  score_schemes: ['id', 'position', 'version', 'components', 'delegation', 'note', 'created_by', 'created_at'],
  sessions: ['id', 'secret_hash', 'employee_id', 'created_at', 'last_active_at'],
  visit_answers: ['visit_id', 'question_key', 'type', 'dimension', 'num', 'text'],
  visit_drafts: ['client_id', 'employee_id', 'form_version_id', 'duty_id', 'booking_id', 'payload', 'updated_at'],
  visit_households: ['visit_id', 'household_id'],
  visit_issues: ['id', 'visit_id', 'question_key', 'position', 'dimension', 'category_id', 'severity', 'building', 'unit', 'room', 'area', 'description', 'project_id', 'checkpoint', 'visited_on'],
  visit_monthly: ['region_id', 'project_id', 'checkpoint', 'month', 'visits'],
  visit_staff: ['visit_id', 'employee_id'],
  visits: ['id', 'client_id', 'employee_id', 'duty_id', 'booking_id', 'checkpoint', 'form_version_id', 'project_id', 'region_id', 'channel', 'visited_on', 'visited_at', 'answers', 'issue_count', 'created_at'],
} as const satisfies { [T in keyof Database]: readonly (keyof Database[T] & string)[] };

/** Tables of `Database` whose COLUMNS entry misses a column of the type (should be none). */
type Missing = { [T in keyof Database]: Exclude<keyof Database[T], (typeof COLUMNS)[T][number]> extends never ? never : T }[keyof Database];
/** Tables of `Database` without a COLUMNS entry (should be none). */
type Unlisted = Exclude<keyof Database, keyof typeof COLUMNS>;
// Compile-time checks: both must be `never`.
export const SCHEMA_IS_COMPLETE: [Missing, Unlisted] extends [never, never] ? true : never = true;
