import { DEFAULT_CALENDAR_WATCH_FROM, DEFAULT_VISIT_LOOKBACK_DAYS } from '@frontline/core';
import { z } from 'zod';
import { DEFAULT_MAIL_FROM } from './mail/settings.ts';

/** The only place that reads process.env. Every setting has a default that works out of the box. */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  FRONTLINE_DB_PATH: z.string().min(1).default('./data/frontline.db'),
  /**
   * A PostgreSQL server (postgres://user:pass@host:5432/db, 15 or later) for
   * large deployments and several app servers; when set it replaces
   * FRONTLINE_DB_PATH's embedded SQLite file.
   */
  FRONTLINE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  /** Public origin (e.g. https://frontline.example.com); https turns on Secure __Host- cookies. */
  FRONTLINE_ORIGIN: z.url().optional(),
  /** Seed the demo group into an empty database at start-up. */
  FRONTLINE_SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Trust X-Forwarded-For for client addresses (only behind a proxy you run). */
  FRONTLINE_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .default(7 * 24),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .positive()
    .default(30 * 24),
  /** Outgoing mail server, e.g. smtps://user:pass@smtp.example.com:465. Unset: mail stays in the in-app outbox. */
  FRONTLINE_SMTP_URL: z.url().optional(),
  /** Sender and iCalendar ORGANIZER of every message. */
  FRONTLINE_MAIL_FROM: z.email().default(DEFAULT_MAIL_FROM.email),
  FRONTLINE_MAIL_FROM_NAME: z.string().min(1).max(60).default(DEFAULT_MAIL_FROM.name),
  /** Reminder mail this many days before a duty's last day. */
  FRONTLINE_REMIND_DUTY_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  /** Calendar alarm this many minutes before a reception day starts. */
  FRONTLINE_RECEPTION_ALARM_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** How often the in-server scheduler runs its jobs (mail delivery, reminders, digests, missed duties). */
  FRONTLINE_JOB_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** How many days back a visit tied to neither a duty nor a booking may be dated. */
  /** MM-DD: from this day of the year, system admins are reminded of next year's missing holiday notice. */
  FRONTLINE_CALENDAR_WATCH_FROM: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default(DEFAULT_CALENDAR_WATCH_FROM),
  FRONTLINE_VISIT_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(366).default(DEFAULT_VISIT_LOOKBACK_DAYS),
  /** Where visit photos are stored; unset: `photos/` beside the database file. */
  FRONTLINE_PHOTO_DIR: z.string().min(1).optional(),
  /**
   * Server processes on the one port (node:cluster), each with its own connection to the database;
   * the scheduler runs in one of them. 1: a single process, no cluster.
   */
  FRONTLINE_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** The SvelteKit handler built by web/; when missing, only the API is served. */
  FRONTLINE_WEB_HANDLER: z.string().default(new URL('../../web/build/handler.js', import.meta.url).pathname),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}

/** Where the database is: the PostgreSQL server when one is given, else the SQLite file. */
export const databaseLocation = (env: Pick<Env, 'FRONTLINE_DATABASE_URL' | 'FRONTLINE_DB_PATH'>) =>
  env.FRONTLINE_DATABASE_URL ?? env.FRONTLINE_DB_PATH;
