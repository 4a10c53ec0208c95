/**
 * Filters, tabs and pages live in the URL, so back, reload and a shared link show the same view.
 * These build the links; pages read their state from `page.url.searchParams` and show it in the controls.
 */

export type ParamChanges = Record<string, string | number | boolean | null | undefined>;

/**
 * The current path and query with some parameters changed (null, undefined, '' or false removes one).
 * Changing anything but the page itself starts again at page 1, since the old page may not exist.
 */
export function hrefWith(url: URL, changes: ParamChanges, pageParam = 'page'): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '' || value === false) params.delete(key);
    else params.set(key, String(value));
  }
  if (!(pageParam in changes) && Object.keys(changes).length > 0) params.delete(pageParam);
  const query = params.toString();
  return url.pathname + (query ? `?${query}` : '');
}

/** A parameter's value, or '' when absent: what a control bound to it shows. */
export function param(url: URL, key: string): string {
  return url.searchParams.get(key) ?? '';
}

/** A positive whole page number from the URL; 1 when absent or not one. */
export function pageNumber(url: URL, pageParam = 'page'): number {
  const n = Number(url.searchParams.get(pageParam));
  return Number.isInteger(n) && n > 0 ? n : 1;
}
