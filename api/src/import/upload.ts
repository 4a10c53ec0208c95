import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { readTable, UnreadableFileError, type Table } from './read-table.ts';

/** File uploads (imports of people, households, calendar years): multipart, one `file` field. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

/** Routes that take a file and set `importLimit` themselves; the 1 MB JSON limit skips them. */
export function isUploadPath(path: string): boolean {
  return path.startsWith('/api/imports/') || /^\/api\/calendar\/years\/\d+\/import$/.test(path);
}

export const importLimit = bodyLimit({
  maxSize: IMPORT_LIMIT_BYTES,
  onError: () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', { params: { limit: '20 MB' } });
  },
});

export async function uploadedTable(c: Context<AppEnv>): Promise<{ table: Table; fileName: string; form: FormData }> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { params: { expected: 'multipart/form-data' } });
  }
  const form = await c.req.formData().catch(() => null);
  const file = form?.get('file');
  if (!(file instanceof File)) {
    throw new ApiError(422, 'VALIDATION_FAILED', {
      fields: { file: c.get('locale') === 'en' ? 'attach a .csv or .xlsx file' : '请选择 .csv 或 .xlsx 文件' },
    });
  }
  try {
    return {
      table: await readTable(new Uint8Array(await file.arrayBuffer()), file.name),
      fileName: file.name,
      form: form!,
    };
  } catch (e) {
    if (e instanceof UnreadableFileError)
      throw new ApiError(422, 'IMPORT_UNREADABLE', { params: { reason: e.message } });
    throw e;
  }
}
