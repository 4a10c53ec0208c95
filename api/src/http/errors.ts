import type { AppError, ErrorCode, FieldCodes, FieldErrors, Locale, MessageParams, Result } from '@frontline/core';
import { formatMessage, localizeFields } from '@frontline/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error the API throws; onError turns it into `{ error: { code, message, fields? } }`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly params: MessageParams;
  readonly fields: FieldErrors | undefined;
  /** Field errors as codes, put into words in the caller's language when the response is written. */
  readonly fieldCodes: FieldCodes | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    options: {
      params?: MessageParams;
      fields?: FieldErrors;
      fieldCodes?: FieldCodes;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(code);
    this.status = status;
    this.code = code;
    this.params = options.params ?? {};
    this.fields = options.fields;
    this.fieldCodes = options.fieldCodes;
    this.headers = options.headers ?? {};
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldErrors } };

export function errorBody(code: ErrorCode, locale: Locale, params?: MessageParams, fields?: FieldErrors): ErrorBody {
  return { error: { code, message: formatMessage(code, locale, params), ...(fields ? { fields } : {}) } };
}

const STATUS_OF: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  IMPORT_INVALID_ROWS: 422,
  IMPORT_UNREADABLE: 422,
  GENERATION_RUNNING: 409,
  SLOT_FULL: 409,
  HOUSEHOLD_BOOKED_THAT_DAY: 409,
  RECEPTION_EXISTS: 409,
  RECEPTION_CANCELLED: 409,
  BOOKING_NOT_ACTIVE: 409,
  RECEPTION_BOOKINGS_DO_NOT_FIT: 409,
  MAIL_NOT_RETRYABLE: 409,
  RECEPTION_PAST: 409,
  FORM_NO_DRAFT: 409,
  FORM_VERSION_PUBLISHED: 409,
  VISIT_CLIENT_ID_REUSED: 409,
  VISIT_DUTY_NOT_YOURS: 403,
  PLAN_TRANSITION: 409,
  TICKET_CLIENT_ID_REUSED: 409,
  TICKET_VISIT_ISSUE_TAKEN: 409,
  TICKET_MOVE_NOT_YOURS: 403,
  TICKET_NOT_YOUR_FOLLOW_UP: 403,
  PLAN_EXISTS: 409,
  PLAN_LOCKED: 409,
  COMMON_ISSUE_STATUS: 409,
  COMMON_ISSUE_HAS_PLAN: 409,
  VERIFICATION_NOT_YOURS: 403,
  VERIFICATION_RECORDED: 409,
  PERIOD_CLOSED: 409,
  PERIOD_OPEN: 409,
  PERIOD_CLOSING: 409,
  DETECTION_RUNNING: 409,
  SCORE_NONE: 409,
  TOKEN_INVALID: 401,
  TOO_MANY_REVEALS: 429,
  TOO_MANY_ATTEMPTS: 429,
  INVALID_CREDENTIALS: 401,
};

/** Maps a core rule failure to the HTTP error it should become. */
export function fromAppError(error: AppError): ApiError {
  const status = STATUS_OF[error.code] ?? 422;
  const wait = error.params?.seconds;
  return new ApiError(status, error.code, {
    ...(error.params ? { params: error.params } : {}),
    ...(error.fields ? { fieldCodes: error.fields } : {}),
    // A limit says when to come back.
    ...(status === 429 && wait !== undefined ? { headers: { 'Retry-After': String(wait) } } : {}),
  });
}

/** The value of a rule's result, or the HTTP error its failure maps to. */
export function valueOrThrow<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw fromAppError(result.error);
  return result.value;
}

/** A rule's problem, if there is one, as the HTTP error it maps to. */
export function throwProblem(problem: AppError | null): void {
  if (problem) throw fromAppError(problem);
}

export const notFound = () => new ApiError(404, 'NOT_FOUND');
export const forbidden = () => new ApiError(403, 'FORBIDDEN');

/** The fields of an error for the response body: plain messages and coded ones, in the caller's language. */
export function fieldsOf(error: ApiError, locale: Locale): FieldErrors | undefined {
  if (!error.fieldCodes) return error.fields;
  return { ...localizeFields(error.fieldCodes, locale, error.params), ...error.fields };
}
