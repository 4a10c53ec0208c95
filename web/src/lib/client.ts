import type { AppType } from '@frontline/api';
import type { Locale } from '@frontline/core';
import { hc } from 'hono/client';

/**
 * The typed API client for code that runs in the browser (server loads and
 * actions use lib/server/api.ts). Every request says the page's language, so
 * the API's messages come back in the language the page is shown in. The
 * browser's instance is `api` in lib/browser-api.ts; tests make their own
 * against a server of theirs.
 */
export function createApiClient(origin: string, locale: () => Locale, fetch?: typeof globalThis.fetch) {
  return hc<AppType>(origin, { headers: () => ({ 'accept-language': locale() }), ...(fetch ? { fetch } : {}) }).api;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export type ApiRefusal = { message: string; fields: Record<string, string> };

/** The message and field messages of an API error body; a body that is not one says the status. */
export function refusalOf(status: number, body: unknown): ApiRefusal {
  const error = (body as { error?: { message?: unknown; fields?: unknown } } | null)?.error;
  return {
    message: typeof error?.message === 'string' ? error.message : `HTTP ${status}`,
    fields: error?.fields && typeof error.fields === 'object' ? (error.fields as Record<string, string>) : {},
  };
}

/** What the browser-side code reads from a failed API response: its message and field messages. */
export async function apiError(res: { status: number; json(): Promise<unknown> }): Promise<ApiRefusal> {
  return refusalOf(res.status, await res.json().catch(() => null));
}
