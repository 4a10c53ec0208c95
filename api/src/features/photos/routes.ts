import { PHOTO_MAX_BYTES, deviceId, photoParam } from '@frontline/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { allow, signedIn } from '../../http/policy.ts';
import { input, parseOrThrow } from '../../http/validate.ts';
import { readablePhoto, uploadPhoto } from './service.ts';
import { PhotoRejected } from './store.ts';

const tags = ['visits'];
const LIMIT_LABEL = `${PHOTO_MAX_BYTES / 1024 / 1024} MB`;

/** The photo upload path skips the 1 MB JSON limit and sets its own. */
export const isPhotoUpload = (path: string) => path === '/api/photos';

const photoLimit = bodyLimit({
  // Room for the multipart envelope around one photo.
  maxSize: PHOTO_MAX_BYTES + 64 * 1024,
  onError: () => {
    throw new ApiError(413, 'PHOTO_TOO_LARGE', { params: { limit: LIMIT_LABEL } });
  },
});

const uploadFields = z.object({ id: deviceId });

const STATUS = { PHOTO_TOO_LARGE: 413, PHOTO_TYPE: 415, PHOTO_UNREADABLE: 422 } as const;

/** Its uploader, and whoever may read the visit it belongs to; to anyone else it does not exist. */
async function loadReadable(c: Context<AppEnv>, id: string) {
  const photo = await readablePhoto(c.get('deps').db, signedIn(c).actor, id);
  if (!photo) throw notFound();
  return photo;
}

async function serve(c: Context<AppEnv>, file: string, type: string) {
  const data = await readFile(join(c.get('deps').photoDir, file)).catch(() => null);
  if (!data) throw notFound();
  c.header('content-type', type);
  c.header('cache-control', 'private, max-age=86400, immutable');
  c.header('x-content-type-options', 'nosniff');
  return c.body(data, 200);
}

export const photoRoutes = new Hono<AppEnv>()
  .post(
    '/photos',
    allow('households.view', {
      summary: `Upload one photo (multipart: id = the device's UUID, file = JPEG/PNG/WebP up to ${LIMIT_LABEL}); the same id again is the same photo`,
      tags,
    }),
    photoLimit,
    async (c) => {
      const { actor } = signedIn(c);
      const deps = c.get('deps');
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('multipart/form-data'))
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { params: { expected: 'multipart/form-data' } });
      const form = await c.req.formData().catch(() => null);
      if (!form) throw new ApiError(400, 'VALIDATION_FAILED');
      const { id } = parseOrThrow(uploadFields, { id: form.get('id') ?? undefined }, c.get('locale'));
      const file = form.get('file');
      if (!(file instanceof File))
        throw new ApiError(422, 'VALIDATION_FAILED', { fieldCodes: { file: 'ANSWER_REQUIRED' } });
      let answer;
      try {
        answer = await uploadPhoto(
          deps.db,
          deps.photoDir,
          actor,
          id,
          async () => new Uint8Array(await file.arrayBuffer()),
          deps.now(),
        );
      } catch (e) {
        if (e instanceof PhotoRejected)
          throw new ApiError(STATUS[e.code], e.code, { params: { limit: LIMIT_LABEL }, fieldCodes: { file: e.code } });
        throw e;
      }
      if (answer === 'not_yours') throw new ApiError(409, 'CONFLICT');
      return c.json(answer, answer.created ? 201 : 200);
    },
  )
  .get(
    '/photos/:photoId',
    allow('households.view', { summary: 'A photo, to its uploader and readers of its visit', tags }),
    input('param', photoParam),
    async (c) => {
      const photo = await loadReadable(c, c.req.valid('param').photoId);
      return serve(c, photo.file, photo.contentType);
    },
  )
  .get(
    '/photos/:photoId/thumb',
    allow('households.view', { summary: 'A photo’s thumbnail (WebP)', tags }),
    input('param', photoParam),
    async (c) => {
      const photo = await loadReadable(c, c.req.valid('param').photoId);
      return serve(c, photo.thumb, 'image/webp');
    },
  );
