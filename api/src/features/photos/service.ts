import type { Actor } from '@frontline/core';
import { getPhoto, getVisit, insertPhoto, Refusal, unitOfWork, type Db, type PhotoRecord } from '@frontline/db';
import { mayReadVisit } from '../visits/service.ts';
import { isUploader } from './policy.ts';
import { storePhoto } from './store.ts';

/**
 * Photos a device uploads before the visit that shows them: kept on disk
 * (store.ts) and recorded under the device's id, so the same id uploaded
 * again by its owner is the same photo and nobody else can take the id.
 * The visit links them when it is recorded.
 */

export type PhotoAnswer = { photo: { id: string; width: number; height: number; bytes: number }; created: boolean };

/** Stores a photo's record: created, already there (its owner's), or another person's id. */
export async function recordPhoto(
  db: Db,
  p: Omit<PhotoRecord, 'visitId'>,
  at: number,
): Promise<'created' | 'exists' | 'not_yours'> {
  const recorded = await unitOfWork(db, async (tx) => {
    const existing = await getPhoto(tx, p.id);
    if (existing && existing.uploadedBy !== p.uploadedBy) throw new Refusal({ code: 'CONFLICT' });
    return !existing && (await insertPhoto(tx, p, at)) ? ('created' as const) : ('exists' as const);
  });
  return recorded.ok ? recorded.value : 'not_yours';
}

/**
 * An upload: the photo already recorded under the id is answered as it is;
 * otherwise the file is stored (refused with `PhotoRejected` when it is not a
 * photo we take) and recorded. Another person's id is a conflict.
 */
export async function uploadPhoto(
  db: Db,
  photoDir: string,
  actor: Actor,
  id: string,
  data: () => Promise<Uint8Array>,
  now: number,
): Promise<PhotoAnswer | 'not_yours'> {
  const existing = await getPhoto(db, id);
  if (existing && !isUploader(actor, existing)) return 'not_yours';
  if (existing)
    return { photo: { id, width: existing.width, height: existing.height, bytes: existing.bytes }, created: false };
  const stored = await storePhoto(photoDir, id, await data(), new Date(now));
  const outcome = await recordPhoto(db, { id, uploadedBy: actor.employeeId, ...stored }, now);
  if (outcome === 'not_yours') return 'not_yours';
  return {
    photo: { id, width: stored.width, height: stored.height, bytes: stored.bytes },
    created: outcome === 'created',
  };
}

/** The photo, if the caller is its uploader or may read the visit it belongs to. */
export async function readablePhoto(db: Db, actor: Actor, id: string): Promise<PhotoRecord | undefined> {
  const photo = await getPhoto(db, id);
  if (!photo) return undefined;
  if (isUploader(actor, photo)) return photo;
  const visit = photo.visitId === null ? undefined : await getVisit(db, photo.visitId);
  return visit && (await mayReadVisit(db, actor, visit)) ? photo : undefined;
}
