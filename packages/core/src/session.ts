/**
 * Session lifetime rules (Lucia's session design): a session ends after an idle
 * period without use, and in any case after an absolute lifetime. Activity is
 * written back at most once per interval to keep reads cheap.
 */
export type SessionPolicy = {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  activityWriteIntervalMs: number;
};

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 7 * 24 * 3600_000,
  absoluteTimeoutMs: 30 * 24 * 3600_000,
  activityWriteIntervalMs: 3600_000,
};

export type SessionTimes = { createdAt: number; lastActiveAt: number };

export type SessionCheck = 'expired' | 'valid' | 'touch';

export function checkSession(session: SessionTimes, now: number, policy: SessionPolicy): SessionCheck {
  if (now - session.createdAt >= policy.absoluteTimeoutMs) return 'expired';
  if (now - session.lastActiveAt >= policy.idleTimeoutMs) return 'expired';
  if (now - session.lastActiveAt >= policy.activityWriteIntervalMs) return 'touch';
  return 'valid';
}

/** When the cookie should expire: the earlier of the idle and absolute limits. */
export function sessionExpiresAt(session: SessionTimes, policy: SessionPolicy): number {
  return Math.min(session.lastActiveAt + policy.idleTimeoutMs, session.createdAt + policy.absoluteTimeoutMs);
}
