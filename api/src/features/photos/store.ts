import { PHOTO_MAX_BYTES, PHOTO_THUMB_PX, PHOTO_TYPES } from '@frontline/core';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Photos on disk under the data folder: `<dir>/<yyyy-mm>/<id>.<ext>` and a
 * small WebP thumbnail beside it. The stored image is re-encoded upright
 * with its metadata dropped (phones put GPS positions of customers' homes in
 * EXIF). Files are written under a temporary name and renamed, so a crash
 * never leaves half a photo under its real name.
 */

export type StoredPhoto = {
  contentType: (typeof PHOTO_TYPES)[number];
  bytes: number;
  width: number;
  height: number;
  file: string;
  thumb: string;
};

export class PhotoRejected extends Error {
  readonly code: 'PHOTO_TYPE' | 'PHOTO_UNREADABLE' | 'PHOTO_TOO_LARGE';
  constructor(code: PhotoRejected['code']) {
    super(code);
    this.code = code;
  }
}

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
// A decompression bomb is refused before it is decoded: 60 megapixels is beyond any phone camera.
const MAX_PIXELS = 60_000_000;

export async function storePhoto(dir: string, id: string, input: Uint8Array, now: Date): Promise<StoredPhoto> {
  if (input.byteLength > PHOTO_MAX_BYTES) throw new PhotoRejected('PHOTO_TOO_LARGE');
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    throw new PhotoRejected('PHOTO_UNREADABLE');
  }
  if (!format || !(format in FORMATS)) throw new PhotoRejected('PHOTO_TYPE');
  const kind = format as keyof typeof FORMATS;
  const folder = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  await mkdir(join(dir, folder), { recursive: true });
  const file = `${folder}/${id}.${kind === 'jpeg' ? 'jpg' : kind}`;
  const thumb = `${folder}/${id}.thumb.webp`;
  try {
    const upright = sharp(input, { limitInputPixels: MAX_PIXELS }).rotate();
    const { data, info } = await upright
      .clone()
      .toFormat(kind, kind === 'png' ? {} : { quality: 88 })
      .toBuffer({ resolveWithObject: true });
    const small = await upright
      .clone()
      .resize(PHOTO_THUMB_PX, PHOTO_THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    await atomicWrite(join(dir, file), data);
    await atomicWrite(join(dir, thumb), small);
    return { contentType: FORMATS[kind], bytes: data.byteLength, width: info.width, height: info.height, file, thumb };
  } catch (e) {
    if (e instanceof Error && /Input|corrupt|unsupported|pixel limit/i.test(e.message))
      throw new PhotoRejected('PHOTO_UNREADABLE');
    throw e;
  }
}

async function atomicWrite(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
