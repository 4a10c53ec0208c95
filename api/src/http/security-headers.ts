import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Response headers against sniffing, framing and leaking addresses, the same
 * on API and web responses. Referrer-Policy `same-origin` (stricter than
 * strict-origin-when-cross-origin) sends nothing to other sites; it keeps the
 * Origin header on our own state-changing requests, which the CSRF check
 * needs (`no-referrer` would turn it into `null`). HSTS only where the public
 * origin is https: a plain-http install would otherwise be told to refuse itself.
 */
export function baselineHeaders(origin: string | undefined): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(origin?.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * The API's headers through Hono's secureHeaders: the baseline, and a
 * Content-Security-Policy that lets a JSON (or error) body run nothing if a
 * browser ever renders it; the one HTML page, the API reference, needs only
 * its own inline style. Pages of the web app get theirs from SvelteKit.
 */
export function apiSecurityHeaders(origin: string | undefined): MiddlewareHandler {
  const baseline = baselineHeaders(origin);
  return secureHeaders({
    xContentTypeOptions: baseline['X-Content-Type-Options'],
    xFrameOptions: baseline['X-Frame-Options'],
    referrerPolicy: baseline['Referrer-Policy'],
    crossOriginOpenerPolicy: baseline['Cross-Origin-Opener-Policy'],
    crossOriginResourcePolicy: baseline['Cross-Origin-Resource-Policy'],
    strictTransportSecurity: baseline['Strict-Transport-Security'] ?? false,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  });
}
