import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit.ts';
import { HOUSEHOLD_STAGES, LINES, POSITIONS, PROJECT_STAGES } from './org.ts';
import { LOCALES } from './result.ts';

/** Inputs shared by the API (validation at the edge) and the web client. */

export const signInInput = z.object({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.infer<typeof signInInput>;

/** My language (个人中心): the screen after sign-in, and every mail and invite I am sent. */
export const languageInput = z.object({ language: z.enum(LOCALES) });
export type LanguageInput = z.infer<typeof languageInput>;

export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const householdListQuery = pageQuery.extend({
  building: z.string().trim().max(16).optional(),
  stage: z.enum(HOUSEHOLD_STAGES).optional(),
});

export const employeeListQuery = pageQuery.extend({
  line: z.enum(LINES).optional(),
  position: z.enum(POSITIONS).optional(),
  q: z.string().trim().max(32).optional(),
});

export const auditQuery = pageQuery.extend({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.coerce.number().int().positive().optional(),
});

export const importKindParam = z.object({ kind: z.enum(['employees', 'households']) });

export const projectStage = z.enum(PROJECT_STAGES);
