import { categoryInput, categoryUpdateInput, checkpointQuery, formDraftInput, idParam } from '@frontline/core';
import { currentFormVersion, getFormVersion, listCategories, listForms, listFormVersions } from '@frontline/db';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, fromAppError, notFound, valueOrThrow } from '../../http/errors.ts';
import { allow } from '../../http/policy.ts';
import { auditContext } from '../../http/request-info.ts';
import { input } from '../../http/validate.ts';
import { createCategory, discardFormDraft, publishFormDraft, saveFormDraft, updateCategory } from './service.ts';

const tags = ['forms'];

/** Who may do what is the capabilities' alone (forms.manage edits, households.view reads), so this feature has no policy of its own. */
export const formRoutes = new Hono<AppEnv>()
  .get(
    '/forms',
    allow('forms.manage', {
      summary: 'Every feedback form with its published version, draft and response count',
      tags,
    }),
    async (c) => {
      return c.json({ forms: await listForms(c.get('deps').db) }, 200);
    },
  )
  .get(
    '/forms/current',
    allow('households.view', {
      summary: 'The version new visits at a checkpoint answer (what the recording form shows)',
      tags,
    }),
    input('query', checkpointQuery),
    async (c) => {
      const version = await currentFormVersion(c.get('deps').db, c.req.valid('query').checkpoint);
      if (!version) throw new ApiError(404, 'FORM_NOT_PUBLISHED');
      return c.json({ version }, 200);
    },
  )
  .get(
    '/forms/versions/:id',
    allow('households.view', {
      summary: 'One form version, as old responses read it (versions are immutable once published)',
      tags,
    }),
    input('param', idParam),
    async (c) => {
      const version = await getFormVersion(c.get('deps').db, c.req.valid('param').id);
      if (!version) throw notFound();
      return c.json({ version }, 200);
    },
  )
  .get(
    '/forms/:id',
    allow('forms.manage', { summary: 'A form’s versions, newest first', tags }),
    input('param', idParam),
    async (c) => {
      const db = c.get('deps').db;
      const id = c.req.valid('param').id;
      const form = (await listForms(db)).find((f) => f.id === id);
      if (!form) throw notFound();
      return c.json({ form, versions: await listFormVersions(db, id) }, 200);
    },
  )
  .put(
    '/forms/:id/draft',
    allow('forms.manage', {
      summary:
        'Save the draft version (created on first save); published questions must stay, retired if unwanted, with their type',
      tags,
    }),
    input('param', idParam),
    input('json', formDraftInput),
    async (c) => {
      const r = await saveFormDraft(
        c.get('deps').db,
        c.req.valid('param').id,
        c.req.valid('json').definition,
        auditContext(c),
      );
      if (!r.ok) throw r.error.code === 'NOT_FOUND' ? notFound() : fromAppError(r.error);
      return c.json({ version: r.value }, 200);
    },
  )
  .delete(
    '/forms/:id/draft',
    allow('forms.manage', { summary: 'Discard the draft', tags }),
    input('param', idParam),
    async (c) => {
      if (!(await discardFormDraft(c.get('deps').db, c.req.valid('param').id, auditContext(c))).ok)
        throw new ApiError(404, 'FORM_NO_DRAFT');
      return c.body(null, 204);
    },
  )
  .post(
    '/forms/:id/publish',
    allow('forms.manage', { summary: 'Publish the draft: it becomes immutable and new visits answer it', tags }),
    input('param', idParam),
    async (c) => {
      return c.json(
        { version: valueOrThrow(await publishFormDraft(c.get('deps').db, c.req.valid('param').id, auditContext(c))) },
        200,
      );
    },
  )
  .get(
    '/issue-categories',
    allow('households.view', { summary: 'The issue taxonomy (问题类别) by dimension', tags }),
    async (c) => {
      return c.json({ categories: await listCategories(c.get('deps').db) }, 200);
    },
  )
  .post(
    '/issue-categories',
    allow('forms.manage', { summary: 'Add an issue category', tags }),
    input('json', categoryInput),
    async (c) => {
      return c.json(
        { category: valueOrThrow(await createCategory(c.get('deps').db, c.req.valid('json'), auditContext(c))) },
        201,
      );
    },
  )
  .put(
    '/issue-categories/:id',
    allow('forms.manage', { summary: 'Rename or (de)activate a category; its dimension stays', tags }),
    input('param', idParam),
    input('json', categoryUpdateInput),
    async (c) => {
      const r = await updateCategory(c.get('deps').db, c.req.valid('param').id, c.req.valid('json'), auditContext(c));
      if (!r.ok) throw notFound();
      return c.json({ category: r.value }, 200);
    },
  );
