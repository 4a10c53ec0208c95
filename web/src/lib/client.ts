/** What the browser-side code reads from a failed API response: its message and field messages. */
export async function apiError(res: Response): Promise<{ message: string; fields: Record<string, string> }> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
  return { message: body?.error?.message ?? `HTTP ${res.status}`, fields: body?.error?.fields ?? {} };
}
