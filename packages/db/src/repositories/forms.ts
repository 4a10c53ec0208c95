import { installDefaultTicketSettings } from './ticket-settings.ts';
import {
  CHECKPOINTS,
  DEFAULT_CATEGORIES,
  DEFAULT_FORMS,
  DIMENSIONS,
  formDefinitionSchema,
  type CategoryRef,
  type Checkpoint,
  type Dimension,
  type FormDefinition,
  type Label,
} from '@frontline/core';
import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { FormVersionTable, IssueCategoryTable } from '../schema.ts';
import { executorOf, type Executor, type Reader } from '../unit-of-work.ts';
import { oneOf } from './columns.ts';

/**
 * Feedback forms, their versions and the issue taxonomy as stored. A
 * published version never changes (the database refuses it); what a draft
 * may become is core's (`checkRevision`), when to publish the forms feature's.
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

export type CategoryInput = { code: string; dimension: Dimension; label: Label; active: boolean };

const FORM_STATUSES = ['draft', 'published'] as const;

/** A stored definition, read back through the schema it was checked against when saved. */
export function parseFormDefinition(json: string): FormDefinition {
  return formDefinitionSchema.parse(JSON.parse(json));
}

/** Installs the shipped forms and taxonomy where a deployment has none yet; a no-op afterwards. */
export async function installDefaultForms(db: Db, at: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const have = new Set((await trx.selectFrom('forms').select('checkpoint').execute()).map((r) => r.checkpoint));
    for (const checkpoint of CHECKPOINTS) {
      if (have.has(checkpoint)) continue;
      const { id } = await trx
        .insertInto('forms')
        .values({ checkpoint, code: `checkpoint-${checkpoint}`, in_use: 1, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('form_versions')
        .values({
          form_id: id,
          version: 1,
          status: 'published',
          definition: JSON.stringify(DEFAULT_FORMS[checkpoint]),
          created_at: at,
          published_at: at,
        })
        .execute();
    }
    const { n } = await trx
      .selectFrom('issue_categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) {
      await trx
        .insertInto('issue_categories')
        .values(
          DEFAULT_CATEGORIES.map((c) => ({
            code: c.code,
            dimension: c.dimension,
            name_zh: c.label.zh,
            name_en: c.label.en,
            active: 1,
            created_at: at,
          })),
        )
        .execute();
    }
    await installDefaultTicketSettings(trx, at);
  });
}

/** A version's row with its form's checkpoint, as every version read selects it. */
type FormVersionRow = Pick<
  Selectable<FormVersionTable>,
  'id' | 'form_id' | 'version' | 'status' | 'definition' | 'created_at' | 'published_at'
> & { checkpoint: number };

const toFormVersion = (r: FormVersionRow): FormVersion => ({
  id: r.id,
  formId: r.form_id,
  checkpoint: oneOf(CHECKPOINTS, r.checkpoint, 'forms.checkpoint'),
  version: r.version,
  status: oneOf(FORM_STATUSES, r.status, 'form_versions.status'),
  definition: parseFormDefinition(r.definition),
  createdAt: r.created_at,
  publishedAt: r.published_at,
});

function formVersionQuery(k: Executor) {
  return k
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select([
      'v.id',
      'v.form_id',
      'f.checkpoint',
      'v.version',
      'v.status',
      'v.definition',
      'v.created_at',
      'v.published_at',
    ]);
}

// Published versions never change (the database refuses it), so each is read and parsed once per process.
const publishedVersions = new WeakMap<Db, Map<number, FormVersion>>();

/** The parsed published versions of a database: a published version never changes, so it is read once. */
const publishedVersionCache = (db: Db) => publishedVersions.get(db) ?? publishedVersions.set(db, new Map()).get(db)!;

/** One version; published ones come from the cache when read on the database (a transaction reads afresh). */
export async function getFormVersion(x: Reader, id: number): Promise<FormVersion | undefined> {
  const cache = 'kysely' in x ? publishedVersionCache(x) : undefined;
  const hit = cache?.get(id);
  if (hit) return hit;
  const row = await formVersionQuery(executorOf(x)).where('v.id', '=', id).executeTakeFirst();
  const version = row && toFormVersion(row);
  if (version?.status === 'published') cache?.set(id, version);
  return version;
}

/** The version new visits at a checkpoint answer: the latest published version of the form in use. */
export async function currentFormVersion(x: Reader, checkpoint: number): Promise<FormVersion | undefined> {
  const row = await formVersionQuery(executorOf(x))
    .where('f.checkpoint', '=', checkpoint)
    .where('f.in_use', '=', 1)
    .where('v.status', '=', 'published')
    .orderBy('v.version', 'desc')
    .executeTakeFirst();
  return row && toFormVersion(row);
}

/** The form's latest published version, which a draft must stay comparable with. */
export async function latestPublishedVersion(x: Reader, formId: number): Promise<FormVersion | undefined> {
  const row = await formVersionQuery(executorOf(x))
    .where('v.form_id', '=', formId)
    .where('v.status', '=', 'published')
    .orderBy('v.version', 'desc')
    .executeTakeFirst();
  return row && toFormVersion(row);
}

export async function formExists(x: Reader, formId: number): Promise<boolean> {
  return (
    (await executorOf(x).selectFrom('forms').select('id').where('id', '=', formId).executeTakeFirst()) !== undefined
  );
}

/** When a published version was published; a published row without the time is damaged data. */
function publishedAtOf(r: { id: number; published_at: number | null }): number {
  if (r.published_at === null) throw new Error(`form_versions.published_at: missing on published version ${r.id}`);
  return r.published_at;
}

export async function listForms(x: Reader): Promise<FormSummary[]> {
  const k = executorOf(x);
  const forms = await k.selectFrom('forms').selectAll().orderBy('checkpoint').orderBy('id').execute();
  const versions = await formVersionQuery(k).orderBy('v.version', 'desc').execute();
  const counts = await k
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
    const title = parseFormDefinition((draft ?? published ?? mine[0])!.definition).title;
    return {
      id: f.id,
      checkpoint: oneOf(CHECKPOINTS, f.checkpoint, 'forms.checkpoint'),
      code: f.code,
      inUse: f.in_use === 1,
      title,
      published: published
        ? { id: published.id, version: published.version, publishedAt: publishedAtOf(published) }
        : null,
      draft: draft ? { id: draft.id, version: draft.version, createdAt: draft.created_at } : null,
      responses: countOf.get(f.id) ?? 0,
    };
  });
}

/** Every version of a form, newest first. */
export async function listFormVersions(x: Reader, formId: number): Promise<FormVersion[]> {
  return (
    await formVersionQuery(executorOf(x)).where('v.form_id', '=', formId).orderBy('v.version', 'desc').execute()
  ).map(toFormVersion);
}

/** The form's one draft, if it has one. */
export async function formDraftOf(x: Reader, formId: number): Promise<{ id: number; version: number } | undefined> {
  return executorOf(x)
    .selectFrom('form_versions')
    .select(['id', 'version'])
    .where('form_id', '=', formId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

export async function rewriteFormDraft(
  tx: Executor,
  id: number,
  definition: FormDefinition,
  by: number | null,
  at: number,
): Promise<void> {
  await tx
    .updateTable('form_versions')
    .set({ definition: JSON.stringify(definition), created_by: by, created_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** A new draft numbered after the form's latest version. */
export async function insertFormDraft(
  tx: Executor,
  formId: number,
  definition: FormDefinition,
  by: number | null,
  at: number,
): Promise<number> {
  const { max } = await tx
    .selectFrom('form_versions')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('form_id', '=', formId)
    .executeTakeFirstOrThrow();
  const { id } = await tx
    .insertInto('form_versions')
    .values({
      form_id: formId,
      version: Number(max ?? 0) + 1,
      status: 'draft',
      definition: JSON.stringify(definition),
      created_by: by,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function markVersionPublished(tx: Executor, id: number, by: number | null, at: number): Promise<void> {
  await tx
    .updateTable('form_versions')
    .set({ status: 'published', published_by: by, published_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** Deletes the form's draft; false when it had none. */
export async function deleteFormDraft(tx: Executor, formId: number): Promise<boolean> {
  const gone = await tx
    .deleteFrom('form_versions')
    .where('form_id', '=', formId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(gone.numDeletedRows) === 1;
}

const toCategory = (r: Selectable<IssueCategoryTable>): IssueCategory => ({
  id: r.id,
  code: r.code,
  dimension: oneOf(DIMENSIONS, r.dimension, 'issue_categories.dimension'),
  label: { zh: r.name_zh, en: r.name_en },
  active: r.active === 1,
});

export async function listCategories(x: Reader): Promise<IssueCategory[]> {
  const rows = await executorOf(x)
    .selectFrom('issue_categories')
    .selectAll()
    .orderBy('dimension')
    .orderBy('id')
    .execute();
  return rows.map(toCategory);
}

export async function getCategory(x: Reader, id: number): Promise<IssueCategory | undefined> {
  const row = await executorOf(x).selectFrom('issue_categories').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCategory(row);
}

// Read on every submission; changed only through the writes below, after which the caller drops it once committed
// (dropped before, a read finishing meanwhile could put the old taxonomy back).
const categoryCache = new WeakMap<Db, Map<number, CategoryRef>>();

/** What answer validation needs of each category, cached per database. */
export async function categoryRefs(db: Db): Promise<Map<number, CategoryRef>> {
  const hit = categoryCache.get(db);
  if (hit) return hit;
  const rows = await db.kysely.selectFrom('issue_categories').select(['id', 'dimension', 'active']).execute();
  const refs = new Map(
    rows.map((r) => [
      r.id,
      { dimension: oneOf(DIMENSIONS, r.dimension, 'issue_categories.dimension'), active: r.active === 1 },
    ]),
  );
  categoryCache.set(db, refs);
  return refs;
}

/** Drops the cached taxonomy; call once a change to the categories has committed. */
export function forgetCategoryRefs(db: Db): void {
  categoryCache.delete(db);
}

export async function insertCategory(tx: Executor, c: CategoryInput, at: number): Promise<number> {
  const { id } = await tx
    .insertInto('issue_categories')
    .values({
      code: c.code,
      dimension: c.dimension,
      name_zh: c.label.zh,
      name_en: c.label.en,
      active: c.active ? 1 : 0,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Renames or (de)activates a category; false when there is none. */
export async function updateCategoryRow(
  tx: Executor,
  id: number,
  c: { label: Label; active: boolean },
): Promise<boolean> {
  const changed = await tx
    .updateTable('issue_categories')
    .set({ name_zh: c.label.zh, name_en: c.label.en, active: c.active ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) === 1;
}
