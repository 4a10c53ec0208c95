import type { Actor } from '@frontline/core';

/** A photo is its uploader's until it belongs to a visit; then also whoever may read that visit (the visits policy). */
export const isUploader = (actor: Actor, photo: { uploadedBy: number }): boolean =>
  photo.uploadedBy === actor.employeeId;
