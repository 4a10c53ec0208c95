export {
  exclusive,
  isPostgresUrl,
  openDatabase,
  openMigratedDatabase,
  migrateToLatest,
  ping,
  probeDatabase,
  reasonOf,
  writeProbe,
  type DatabaseHealth,
  type Db,
  type Dialect,
} from './open.ts';
export type { Database } from './schema.ts';
export * from './repositories/org.ts';
export * from './repositories/households.ts';
export * from './repositories/sessions.ts';
export * from './repositories/passwords.ts';
export * from './repositories/audit.ts';
export * from './repositories/imports.ts';
export * from './repositories/calendar.ts';
export * from './repositories/blackouts.ts';
export {
  executorOf,
  inTransaction,
  lockedUnitOfWork,
  unitOfWork,
  type Executor,
  type Reader,
  type Writer,
} from './unit-of-work.ts';
export * from './repositories/rules.ts';
export * from './repositories/events.ts';
export * from './repositories/duties.ts';
export * from './repositories/planning.ts';
export * from './repositories/schedule-runs.ts';
export * from './repositories/compliance.ts';
export { DUTY_DEPENDENTS, runPlan, type PlanOptions, type RunMode } from './bulk/planning.ts';
export * from './repositories/outbox.ts';
export * from './repositories/reception-days.ts';
export * from './repositories/bookings.ts';
export { isUniqueOn, type ConstraintViolation } from './dialect/violation.ts';
export { dialectOf, isRetryable, isStorageFull, storageFaultOf, violationOf } from './dialect/index.ts';
export type { StorageFault } from './dialect/fault.ts';
export { describeUrl } from './dialect/postgres.ts';
export type { MailSettings } from '@frontline/core';
export * from './repositories/feeds.ts';
export * from './repositories/reminders.ts';
export * from './repositories/forms.ts';
export * from './repositories/visits.ts';
export { insertVisitRows, visitCreatedAudit, writeMadeUpVisit, type NewVisit } from './bulk/visits.ts';
export * from './repositories/improvement-plans.ts';
export * from './repositories/defects.ts';
export * from './repositories/analysis.ts';
export * from './repositories/common-issues.ts';
export { Refusal, refusing } from './refusal.ts';
export * from './repositories/score-schemes.ts';
export * from './repositories/score-records.ts';
export * from './repositories/score-results.ts';
export * from './repositories/api-tokens.ts';
export * from './repositories/ticket-settings.ts';
export * from './repositories/tickets.ts';
export * from './repositories/ticket-indicators.ts';
export { approximateWorkingDays, generateTicketHistory, type TicketHistoryOptions } from './bulk/tickets.ts';
export {
  openTicketClockInputs,
  writeTicketClocks,
  type TicketClockCache,
  type TicketClockInput,
} from './bulk/ticket-clocks.ts';
export * from './repositories/leases.ts';
export * from './repositories/throttle.ts';
