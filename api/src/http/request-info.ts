import type { AuditContext } from '@frontline/db';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

/** The caller's address: the socket's, or X-Forwarded-For's first hop when the proxy is trusted. */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('deps').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Who, when and from where, for audit entries written by this request. */
export function auditContext(c: Context<AppEnv>): AuditContext {
  return {
    actorId: c.get('auth')?.actor.employeeId ?? null,
    at: c.get('deps').now(),
    ip: clientAddress(c),
    requestId: c.get('requestId'),
  };
}
