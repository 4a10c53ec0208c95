import { checkRule, idParam, participationInput, ruleInput } from '@frontline/core';
import { createRule, getRule, listParticipation, listRules, saveParticipation, updateRule } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { allow } from '../http/policy.ts';
import { auditContext } from '../http/request-info.ts';
import { input } from '../http/validate.ts';

const tags = ['rules'];

function checked<T extends Parameters<typeof checkRule>[0]>(rule: T): T {
  const problems = checkRule(rule);
  if (Object.keys(problems).length) throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: problems });
  return rule;
}

/** Cadence rules and the participation matrix: anyone signed in may read them; customer relations edits. */
export const ruleRoutes = new Hono<AppEnv>()
  .get('/rules', allow('signed-in', { summary: 'Cadence rules: who owes which duty, how often, where', tags }), async (c) => {
    return c.json({ rules: await listRules(c.get('deps').db) }, 200);
  })
  .post('/rules', allow('rules.manage', { summary: 'Add a cadence rule; audited', tags }), input('json', ruleInput), async (c) => {
    const rule = await createRule(c.get('deps').db, checked(c.req.valid('json')), auditContext(c));
    return c.json(rule, 201);
  })
  .put(
    '/rules/:id',
    allow('rules.manage', { summary: 'Change a cadence rule (takes effect at the next planning run); audited', tags }),
    input('param', idParam),
    input('json', ruleInput),
    async (c) => {
      const db = c.get('deps').db;
      const before = await getRule(db, c.req.valid('param').id);
      if (!before) throw notFound();
      return c.json(await updateRule(db, before, checked(c.req.valid('json')), auditContext(c)), 200);
    },
  )
  .get('/participation', allow('signed-in', { summary: 'Which lines take part in checkpoints 1–5, and how many staff per households', tags }), async (c) => {
    return c.json({ cells: await listParticipation(c.get('deps').db) }, 200);
  })
  .put(
    '/participation',
    allow('rules.manage', { summary: 'Replace the participation matrix; audited', tags }),
    input('json', participationInput),
    async (c) => {
      const { cells } = c.req.valid('json');
      const keys = new Set(cells.map((x) => `${x.checkpoint}:${x.line}`));
      if (keys.size !== cells.length) throw new ApiError(422, 'VALIDATION_FAILED', { fields: { cells: c.get('locale') === 'en' ? 'a checkpoint and line appear twice' : '同一节点和条线出现了两次' } });
      await saveParticipation(c.get('deps').db, cells, auditContext(c));
      return c.json({ cells: await listParticipation(c.get('deps').db) }, 200);
    },
  );
