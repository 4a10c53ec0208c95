/** Rule outcomes are values; the API maps codes to HTTP statuses. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export type FieldErrors = Record<string, string>;

export type AppError = { code: ErrorCode; params?: Record<string, string | number>; fields?: FieldErrors };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export type Locale = 'zh-CN' | 'en';

/** One catalogue of user-facing error texts, zh-CN first. `{name}` placeholders take params. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: { zh: '提交的内容有误，请检查标注的字段。', en: 'Some fields are invalid; see the marked fields.' },
  MALFORMED_JSON: { zh: '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in.' },
  FORBIDDEN: { zh: '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { zh: '找不到该记录。', en: 'Not found.' },
  CONFLICT: { zh: '该记录已被修改或已存在。', en: 'The record has changed or already exists.' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大（上限 {limit}）。', en: 'The request is too large (limit {limit}).' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型，应为 {expected}。', en: 'Unsupported content type; expected {expected}.' },
  INVALID_CREDENTIALS: { zh: '账号或密码错误。', en: 'Wrong login or password.' },
  TOO_MANY_ATTEMPTS: { zh: '尝试次数过多，请 {seconds} 秒后再试。', en: 'Too many attempts; try again in {seconds} s.' },
  ORIGIN_MISMATCH: { zh: '请求来源不被允许。', en: 'The request origin is not allowed.' },
  IMPORT_INVALID_ROWS: { zh: '文件中有 {count} 行无效，未导入任何数据。', en: '{count} rows are invalid; nothing was imported.' },
  IMPORT_UNREADABLE: { zh: '无法读取文件：{reason}', en: 'The file cannot be read: {reason}' },
  INTERNAL: { zh: '服务器出错了，请稍后再试。', en: 'Something went wrong on the server; please try again.' },
} as const satisfies Record<string, { zh: string; en: string }>;

export function formatMessage(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const template = ERROR_MESSAGES[code][locale === 'en' ? 'en' : 'zh'];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** Picks zh-CN unless the client clearly prefers English. */
export function pickLocale(acceptLanguage: string | null | undefined, explicit?: string | null): Locale {
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
