import {
  CHECKPOINTS,
  DEFAULT_CATEGORIES,
  DEFAULT_FORMS,
  checkRevision,
  type AppError,
  type CategoryRef,
  type Checkpoint,
  type Dimension,
  type FormDefinition,
  type Label,
  type Result,
} from '@frontline/core';
import type { Kysely, Selectable } from 'kysely';
import { writeAudit, type AuditContext } from './audit.ts';
import type { Db } from './open.ts';
import { Refusal, refusing } from './refusal.ts';
import type { Database, IssueCategoryTable } from './schema.ts';

/**
 * Feedback forms and their versions. Customer relations edits a draft; publishing
 * freezes it (the database refuses changes to a published version) and makes it
 * the version new visits answer. Old visits keep the version they answered.
 */

export type FormVersion = {
  id: number;
  formId: number;
  checkpoint: Checkpoint;
  version: number;
  status: 'draft' | 'published';
  definition: FormDefinition;
  createdAt: number;
  publishedAt: number | null;
};

export type FormSummary = {
  id: number;
  checkpoint: Checkpoint;
  code: string;
  inUse: boolean;
  title: Label;
  published: { id: number; version: number; publishedAt: number } | null;
  draft: { id: number; version: number; createdAt: number } | null;
  responses: number;
};

export type IssueCategory = { id: number; code: string; dimension: Dimension; label: Label; active: boolean };

/** Installs the shipped forms and taxonomy where a deployment has none yet; a no-op afterwards. */
export async function installDefaultForms(db: Db, at: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const have = new Set((await trx.selectFrom('forms').select('checkpoint').execute()).map((r) => r.checkpoint));
    for (const checkpoint of CHECKPOINTS) {
      if (have.has(checkpoint)) continue;
      const { id } = await trx.insertInto('forms').values({ checkpoint, code: `checkpoint-${checkpoint}`, in_use: 1, created_at: at }).returning('id').executeTakeFirstOrThrow();
      await trx
        .insertInto('form_versions')
        .values({ form_id: id, version: 1, status: 'published', definition: JSON.stringify(DEFAULT_FORMS[checkpoint]), created_at: at, published_at: at })
        .execute();
    }
    const { n } = await trx.selectFrom('issue_categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(n) === 0) {
      await trx
        .insertInto('issue_categories')
        .values(DEFAULT_CATEGORIES.map((c) => ({ code: c.code, dimension: c.dimension, name_zh: c.label.zh, name_en: c.label.en, active: 1, created_at: at })))
        .execute();
    }
  });
}

type VersionRow = { id: number; form_id: number; checkpoint: number; version: number; status: 'draft' | 'published'; definition: string; created_at: number; published_at: number | null };

const toVersion = (r: VersionRow): FormVersion => ({
  id: r.id,
  formId: r.form_id,
  checkpoint: r.checkpoint as Checkpoint,
  version: r.version,
  status: r.status,
  definition: JSON.parse(r.definition) as FormDefinition,
  createdAt: r.created_at,
  publishedAt: r.published_at,
});

function versionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select(['v.id', 'v.form_id', 'f.checkpoint', 'v.version', 'v.status', 'v.definition', 'v.created_at', 'v.published_at']);
}

// Published versions never change (the database refuses it), so each is read and parsed once per process.
const publishedVersions = new WeakMap<Db, Map<number, FormVersion>>();

const versionCache = (db: Db) => publishedVersions.get(db) ?? publishedVersions.set(db, new Map()).get(db)!;

export async function getFormVersion(db: Db | Kysely<Database>, id: number): Promise<FormVersion | undefined> {
  const cache = 'kysely' in db ? versionCache(db) : undefined;
  const hit = cache?.get(id);
  if (hit) return hit;
  const row = await versionQuery('kysely' in db ? db.kysely : db).where('v.id', '=', id).executeTakeFirst();
  const version = row && toVersion(row);
  if (version?.status === 'published') cache?.set(id, version);
  return version;
}

/** The same through the same cache, for synchronous work inside `exclusive` (scoring reads every form of a period). */
export function getFormVersionSync(db: Db, id: number): FormVersion | undefined {
  const cache = versionCache(db);
  const hit = cache.get(id);
  if (hit) return hit;
  const compiled = versionQuery(db.kysely).where('v.id', '=', id).compile();
  const row = db.sqlite.prepare(compiled.sql).get(...compiled.parameters) as VersionRow | undefined;
  const version = row && toVersion(row);
  if (version?.status === 'published') cache.set(id, version);
  return version;
}

/** The version new visits at a checkpoint answer: the latest published version of the form in use. */
export async function currentFormVersion(db: Db, checkpoint: number): Promise<FormVersion | undefined> {
  const row = await versionQuery(db.kysely)
    .where('f.checkpoint', '=', checkpoint)
    .where('f.in_use', '=', 1)
    .where('v.status', '=', 'published')
    .orderBy('v.version', 'desc')
    .executeTakeFirst();
  return row && toVersion(row);
}

async function latestPublished(trx: Kysely<Database>, formId: number): Promise<FormVersion | undefined> {
  const row = await versionQuery(trx).where('v.form_id', '=', formId).where('v.status', '=', 'published').orderBy('v.version', 'desc').executeTakeFirst();
  return row && toVersion(row);
}

export async function listForms(db: Db): Promise<FormSummary[]> {
  const forms = await db.kysely.selectFrom('forms').selectAll().orderBy('checkpoint').orderBy('id').execute();
  const versions = await versionQuery(db.kysely).orderBy('v.version', 'desc').execute();
  const counts = await db.kysely
    .selectFrom('visits as vi')
    .innerJoin('form_versions as v', 'v.id', 'vi.form_version_id')
    .select(['v.form_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('v.form_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.form_id, Number(c.n)]));
  return forms.map((f) => {
    const mine = versions.filter((v) => v.form_id === f.id);
    const published = mine.find((v) => v.status === 'published');
    const draft = mine.find((v) => v.status === 'draft');
    const title = (JSON.parse((draft ?? published ?? mine[0])!.definition) as FormDefinition).title;
    return {
      id: f.id,
      checkpoint: f.checkpoint as Checkpoint,
      code: f.code,
      inUse: f.in_use === 1,
      title,
      published: published ? { id: published.id, version: published.version, publishedAt: published.published_at! } : null,
      draft: draft ? { id: draft.id, version: draft.version, createdAt: draft.created_at } : null,
      responses: countOf.get(f.id) ?? 0,
    };
  });
}

/** Every version of a form, newest first. */
export async function listFormVersions(db: Db, formId: number): Promise<FormVersion[]> {
  return (await versionQuery(db.kysely).where('v.form_id', '=', formId).orderBy('v.version', 'desc').execute()).map(toVersion);
}

/**
 * Saves the form's draft: the one draft is rewritten, or a new one numbered
 * after the latest version is made. The definition must keep every published
 * question (retired if unwanted) with its type.
 */
export async function saveFormDraft(db: Db, formId: number, definition: unknown, ctx: AuditContext): Promise<Result<FormVersion, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const form = await trx.selectFrom('forms').select('id').where('id', '=', formId).executeTakeFirst();
      if (!form) throw new Refusal({ code: 'NOT_FOUND' });
      const checked = checkRevision((await latestPublished(trx, formId))?.definition ?? null, definition);
      if (!checked.ok) throw new Refusal(checked.error);
      const json = JSON.stringify(checked.value);
      const draft = await trx.selectFrom('form_versions').select(['id']).where('form_id', '=', formId).where('status', '=', 'draft').executeTakeFirst();
      let id: number;
      if (draft) {
        await trx.updateTable('form_versions').set({ definition: json, created_by: ctx.actorId, created_at: ctx.at }).where('id', '=', draft.id).execute();
        id = draft.id;
      } else {
        const { max } = await trx.selectFrom('form_versions').select((eb) => eb.fn.max('version').as('max')).where('form_id', '=', formId).executeTakeFirstOrThrow();
        ({ id } = await trx
          .insertInto('form_versions')
          .values({ form_id: formId, version: Number(max ?? 0) + 1, status: 'draft', definition: json, created_by: ctx.actorId, created_at: ctx.at })
          .returning('id')
          .executeTakeFirstOrThrow());
      }
      await writeAudit(trx, ctx, { action: 'form.draft', entity: 'form', entityId: formId, after: { versionId: id } });
      return (await getFormVersion(trx, id))!;
    }),
  );
}

/** Publishes the draft: from now on it is immutable and new visits answer it. */
export async function publishFormDraft(db: Db, formId: number, ctx: AuditContext): Promise<Result<FormVersion, AppError>> {
  return refusing(() =>
    db.kysely.transaction().execute(async (trx) => {
      const draft = await trx.selectFrom('form_versions').select(['id', 'version']).where('form_id', '=', formId).where('status', '=', 'draft').executeTakeFirst();
      if (!draft) throw new Refusal({ code: 'FORM_NO_DRAFT' });
      await trx.updateTable('form_versions').set({ status: 'published', published_by: ctx.actorId, published_at: ctx.at }).where('id', '=', draft.id).execute();
      await writeAudit(trx, ctx, { action: 'form.publish', entity: 'form', entityId: formId, after: { versionId: draft.id, version: draft.version } });
      return (await getFormVersion(trx, draft.id))!;
    }),
  );
}

/** Throws the draft away; published versions are untouched. */
export async function discardFormDraft(db: Db, formId: number, ctx: AuditContext): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('form_versions').where('form_id', '=', formId).where('status', '=', 'draft').executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) return false;
    await writeAudit(trx, ctx, { action: 'form.discard', entity: 'form', entityId: formId });
    return true;
  });
}

const toCategory = (r: Selectable<IssueCategoryTable>): IssueCategory => ({
  id: r.id,
  code: r.code,
  dimension: r.dimension as Dimension,
  label: { zh: r.name_zh, en: r.name_en },
  active: r.active === 1,
});

export async function listCategories(db: Db): Promise<IssueCategory[]> {
  const rows = await db.kysely.selectFrom('issue_categories').selectAll().orderBy('dimension').orderBy('id').execute();
  return rows.map(toCategory);
}

// Read on every submission; changed only through the two functions below, which drop it once committed
// (dropped before, a read finishing meanwhile could put the old taxonomy back).
const categoryCache = new WeakMap<Db, Map<number, CategoryRef>>();

export async function categoryRefs(db: Db): Promise<Map<number, CategoryRef>> {
  const hit = categoryCache.get(db);
  if (hit) return hit;
  const rows = await db.kysely.selectFrom('issue_categories').select(['id', 'dimension', 'active']).execute();
  const refs = new Map(rows.map((r) => [r.id, { dimension: r.dimension as Dimension, active: r.active === 1 }]));
  categoryCache.set(db, refs);
  return refs;
}

export type CategoryInput = { code: string; dimension: Dimension; label: Label; active: boolean };

/** Adds a category; codes are unique (a duplicate is a conflict). */
export async function createCategory(db: Db, c: CategoryInput, ctx: AuditContext): Promise<IssueCategory> {
  const created = await db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('issue_categories')
      .values({ code: c.code, dimension: c.dimension, name_zh: c.label.zh, name_en: c.label.en, active: c.active ? 1 : 0, created_at: ctx.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'category.create', entity: 'issue_category', entityId: id, after: c });
    return { id, ...c };
  });
  categoryCache.delete(db);
  return created;
}

/** Renames or (de)activates a category. Its dimension never changes: issues filed under it stay where they were counted. */
export async function updateCategory(db: Db, id: number, c: { label: Label; active: boolean }, ctx: AuditContext): Promise<IssueCategory | undefined> {
  const updated = await db.kysely.transaction().execute(async (trx) => {
    const changed = await trx.updateTable('issue_categories').set({ name_zh: c.label.zh, name_en: c.label.en, active: c.active ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return undefined;
    await writeAudit(trx, ctx, { action: 'category.update', entity: 'issue_category', entityId: id, after: c });
    return toCategory(await trx.selectFrom('issue_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
  categoryCache.delete(db);
  return updated;
}
