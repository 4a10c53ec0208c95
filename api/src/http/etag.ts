/**
 * Whether a request's If-None-Match names `etag`: `*`, or one of its
 * comma-separated tags by weak comparison (RFC 9110 §13.1.2: `W/"x"` and `"x"` match).
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const want = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === want);
}
