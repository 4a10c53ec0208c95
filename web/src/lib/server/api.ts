import type { AppType } from '@frontline/api';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';

/** The typed API client for server loads and actions; requests go through handleFetch. */
export function apiClient(event: Pick<RequestEvent, 'fetch' | 'url'>) {
  return hc<AppType>(event.url.origin, { fetch: event.fetch });
}

export type ApiErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** The body of a successful response; any API error becomes the matching SvelteKit error page. */
export async function unwrap<T>(response: {
  ok: boolean;
  status: number;
  json(): Promise<T>;
}): Promise<Exclude<T, ApiErrorBody>> {
  if (response.ok) return (await response.json()) as Exclude<T, ApiErrorBody>;
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  error(response.status, { message: body?.error.message ?? 'Error', code: body?.error.code ?? 'UNKNOWN' });
}

/** The API's error body from a failed response, for form actions that show it inline. */
export async function errorOf(response: { json(): Promise<unknown> }): Promise<ApiErrorBody['error']> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return body?.error ?? { code: 'UNKNOWN', message: 'Error' };
}

/**
 * A form action's failure from an API error response: its status, message and
 * field messages, tagged with the action, plus whatever else the page needs to
 * place the message (which of several forms it belongs to).
 */
export async function failWith<X extends Record<string, unknown> = Record<never, never>>(
  action: string,
  response: { status: number; json(): Promise<unknown> },
  extra?: X,
) {
  const error = await errorOf(response);
  return fail(response.status, { action, message: error.message, fields: error.fields ?? {}, ...(extra as X) });
}

/** A form action's answer to an API write: done, or its failure as `failWith` gives it. */
export async function actionResult(
  action: string,
  response: { ok: boolean; status: number; json(): Promise<unknown> },
) {
  return response.ok ? { action, message: '', fields: {} as Record<string, string> } : failWith(action, response);
}
