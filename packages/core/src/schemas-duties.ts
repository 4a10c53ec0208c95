import { z } from 'zod';
import { coded, dateRange, isoDate, LAST_DAY, MAX_SPAN_MONTHS, productYear, YEARS } from './bounds.ts';
import { addDaysIso, addMonthsIso } from './calendar/dates.ts';
import { parsePeriodKey, PERIOD_KINDS } from './calendar/periods.ts';
import { SPECIAL_DAY_KINDS } from './calendar/work-calendar.ts';
import { COMPLIANCE_GROUPS } from './duties/compliance.ts';
import { DUTY_KINDS, RULE_KINDS, RULE_PLACES } from './duties/rules.ts';
import { LINES, POSITIONS } from './org.ts';

/** API inputs of the duty engine: validated at the edge, shared with the web client. */

export const dateRangeQuery = z
  .object({ from: isoDate, to: isoDate })
  .superRefine(dateRange(MAX_SPAN_MONTHS.calendarDays));

export const yearParam = z.object({ year: productYear });

export const calendarYearInput = z.object({
  source: z.string().trim().min(1).max(300),
  days: z
    .array(z.object({ date: z.string(), kind: z.enum(SPECIAL_DAY_KINDS), name: z.string().trim().min(1).max(32) }))
    .max(120),
});

/** A pasted State Council notice; `apply: false` (the default) only previews what it would change. */
export const noticeInput = z.object({
  text: z.string().min(1).max(20_000),
  apply: z.boolean().default(false),
});

export const blackoutInput = z.object({ date: isoDate, reason: z.string().trim().min(1).max(200) });
export const blackoutParam = z.object({
  id: z.coerce.number().int().positive(),
  blackoutId: z.coerce.number().int().positive(),
});

export const ruleInput = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(RULE_KINDS),
  position: z.enum(POSITIONS),
  line: z.enum(LINES).nullable(),
  period: z.enum(PERIOD_KINDS),
  place: z.enum(RULE_PLACES),
  perPeriod: z.number().int().min(1).max(10),
  active: z.boolean(),
});

export const participationInput = z.object({
  cells: z
    .array(
      z.object({
        checkpoint: z.number().int().min(1).max(5),
        line: z.enum(LINES),
        householdsPerStaff: z.number().int().min(1).max(10_000),
      }),
    )
    .max(LINES.length * 5),
});

/** A clock time of day, 'HH:MM'. */
export const clockTime = z.string().refine((s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), coded('CLOCK_TIME_FORMAT'));

export const eventInput = z
  .object({
    checkpoint: z.number().int().min(1).max(5),
    title: z.string().trim().min(1).max(100),
    startsOn: isoDate,
    endsOn: isoDate,
    startTime: clockTime,
    endTime: clockTime,
    expectedHouseholds: z.number().int().min(1).max(100_000),
  })
  .superRefine(dateRange(MAX_SPAN_MONTHS.event, { from: 'startsOn', to: 'endsOn' }));

export const scheduleRunInput = z
  .object({
    from: isoDate.optional(),
    months: z.number().int().min(1).max(24).default(12),
    allowUnknownYears: z.boolean().default(false),
  })
  // A horizon that would run past the product's last year is refused on its length.
  .refine((r) => r.from === undefined || addDaysIso(addMonthsIso(r.from, r.months), -1) <= LAST_DAY, {
    path: ['months'],
    ...coded('YEAR_OUT_OF_RANGE', YEARS),
  });

export const myDutiesQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), kind: z.enum(DUTY_KINDS).optional() })
  .superRefine(dateRange(MAX_SPAN_MONTHS.myDuties));

export const scheduleDutyInput = z.object({ date: isoDate, householdId: z.number().int().positive().optional() });
export const completeDutyInput = z.object({ date: isoDate.optional(), notes: z.string().trim().min(1).max(2000) });
export const excuseDutyInput = z.object({ reason: z.string().trim().min(1).max(500) });
export const delegateDutyInput = z.object({
  deputyId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});

/** A cadence period's key (2026-M11, 2026-Q4, 2026-Y1 …) in the product's years. */
export const periodKey = z
  .string()
  .max(8)
  .refine((key) => parsePeriodKey(key) !== undefined, coded('DUTY_PERIOD_INVALID', YEARS));

export const complianceQuery = z.object({
  period: periodKey,
  groupBy: z.enum(COMPLIANCE_GROUPS).default('person'),
  regionId: z.coerce.number().int().positive().optional(),
  projectId: z.coerce.number().int().positive().optional(),
  line: z.enum(LINES).optional(),
});

export const exportQuery = complianceQuery.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

export const moveHouseholdInput = z.object({
  employeeId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});

export const LEAVE_KINDS = ['annual', 'sick', 'business_trip', 'other'] as const;
export const leaveInput = z
  .object({ from: isoDate, to: isoDate, kind: z.enum(LEAVE_KINDS).default('annual') })
  .superRefine(dateRange(MAX_SPAN_MONTHS.leave));
export const leaveParam = z.object({
  id: z.coerce.number().int().positive(),
  leaveId: z.coerce.number().int().positive(),
});
export const ownershipWeightInput = z.object({ weight: z.number().min(0).max(10).nullable() });
