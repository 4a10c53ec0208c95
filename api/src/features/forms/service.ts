import { checkRevision, type Label } from '@frontline/core';
import {
  forgetCategoryRefs,
  deleteFormDraft,
  formDraftOf,
  formExists,
  getCategory,
  getFormVersion,
  insertCategory,
  insertFormDraft,
  latestPublishedVersion,
  markVersionPublished,
  Refusal,
  rewriteFormDraft,
  unitOfWork,
  updateCategoryRow,
  writeAudit,
  type AuditContext,
  type CategoryInput,
  type Db,
  type IssueCategory,
} from '@frontline/db';

/**
 * Feedback forms and the issue taxonomy. Customer relations edits a draft;
 * publishing freezes it (the database refuses changes to a published
 * version) and makes it the version new visits answer. Old visits keep the
 * version they answered. Every change is written with its audit entry.
 */

/**
 * Saves the form's draft: the one draft is rewritten, or a new one numbered
 * after the latest version is made. The definition must keep every published
 * question (retired if unwanted) with its type (core's `checkRevision`).
 */
export async function saveFormDraft(db: Db, formId: number, definition: unknown, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    if (!(await formExists(tx, formId))) throw new Refusal({ code: 'NOT_FOUND' });
    const checked = checkRevision((await latestPublishedVersion(tx, formId))?.definition ?? null, definition);
    if (!checked.ok) throw new Refusal(checked.error);
    const draft = await formDraftOf(tx, formId);
    let id: number;
    if (draft) {
      await rewriteFormDraft(tx, draft.id, checked.value, ctx.actorId, ctx.at);
      id = draft.id;
    } else {
      id = await insertFormDraft(tx, formId, checked.value, ctx.actorId, ctx.at);
    }
    await writeAudit(tx, ctx, { action: 'form.draft', entity: 'form', entityId: formId, after: { versionId: id } });
    return (await getFormVersion(tx, id))!;
  });
}

/** Publishes the draft: from now on it is immutable and new visits answer it. */
export async function publishFormDraft(db: Db, formId: number, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    const draft = await formDraftOf(tx, formId);
    if (!draft) throw new Refusal({ code: 'FORM_NO_DRAFT' });
    await markVersionPublished(tx, draft.id, ctx.actorId, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'form.publish',
      entity: 'form',
      entityId: formId,
      after: { versionId: draft.id, version: draft.version },
    });
    return (await getFormVersion(tx, draft.id))!;
  });
}

/** Throws the draft away; published versions are untouched. */
export async function discardFormDraft(db: Db, formId: number, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    if (!(await deleteFormDraft(tx, formId))) throw new Refusal({ code: 'FORM_NO_DRAFT' });
    await writeAudit(tx, ctx, { action: 'form.discard', entity: 'form', entityId: formId });
  });
}

/** Adds a category; codes are unique (a duplicate is the database's conflict). */
export async function createCategory(db: Db, c: CategoryInput, ctx: AuditContext) {
  const created = await unitOfWork(db, async (tx): Promise<IssueCategory> => {
    const id = await insertCategory(tx, c, ctx.at);
    await writeAudit(tx, ctx, { action: 'category.create', entity: 'issue_category', entityId: id, after: c });
    return { id, ...c };
  });
  forgetCategoryRefs(db);
  return created;
}

/** Renames or (de)activates a category. Its dimension never changes: issues filed under it stay where they were counted. */
export async function updateCategory(db: Db, id: number, c: { label: Label; active: boolean }, ctx: AuditContext) {
  const updated = await unitOfWork(db, async (tx) => {
    if (!(await updateCategoryRow(tx, id, c))) throw new Refusal({ code: 'NOT_FOUND' });
    await writeAudit(tx, ctx, { action: 'category.update', entity: 'issue_category', entityId: id, after: c });
    return (await getCategory(tx, id))!;
  });
  forgetCategoryRefs(db);
  return updated;
}
