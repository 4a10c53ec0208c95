import type { AppError, ErrorCode, FieldErrors, Locale } from '@frontline/core';
import { formatMessage } from '@frontline/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error the API throws; onError turns it into `{ error: { code, message, fields? } }`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly fields: FieldErrors | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    options: { params?: Record<string, string | number>; fields?: FieldErrors; headers?: Record<string, string> } = {},
  ) {
    super(code);
    this.status = status;
    this.code = code;
    this.params = options.params ?? {};
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldErrors } };

export function errorBody(code: ErrorCode, locale: Locale, params?: Record<string, string | number>, fields?: FieldErrors): ErrorBody {
  return { error: { code, message: formatMessage(code, locale, params), ...(fields ? { fields } : {}) } };
}

const STATUS_OF: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  IMPORT_INVALID_ROWS: 422,
  IMPORT_UNREADABLE: 422,
};

/** Maps a core rule failure to the HTTP error it should become. */
export function fromAppError(error: AppError): ApiError {
  return new ApiError(STATUS_OF[error.code] ?? 422, error.code, {
    ...(error.params ? { params: error.params } : {}),
    ...(error.fields ? { fields: error.fields } : {}),
  });
}

export const notFound = () => new ApiError(404, 'NOT_FOUND');
export const forbidden = () => new ApiError(403, 'FORBIDDEN');
