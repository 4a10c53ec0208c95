import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSession, sessionExpiresAt, type SessionPolicy } from './session.ts';

const policy: SessionPolicy = { idleTimeoutMs: 1000, absoluteTimeoutMs: 10_000, activityWriteIntervalMs: 100 };

describe('checkSession', () => {
  it('is valid when fresh, touched after the write interval, expired when idle too long', () => {
    expect(checkSession({ createdAt: 0, lastActiveAt: 0 }, 50, policy)).toBe('valid');
    expect(checkSession({ createdAt: 0, lastActiveAt: 0 }, 150, policy)).toBe('touch');
    expect(checkSession({ createdAt: 0, lastActiveAt: 0 }, 1000, policy)).toBe('expired');
  });
  it('expires at the absolute limit however active the session is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 10_000, max: 100_000 }), (lastActive, now) => {
        expect(checkSession({ createdAt: 0, lastActiveAt: Math.min(lastActive, now) }, now, policy)).toBe('expired');
      }),
    );
  });
  it('never reports a session valid past its expiry time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        (created, idle, later) => {
          const s = { createdAt: created, lastActiveAt: created + Math.min(idle, 9_000) };
          const now = s.lastActiveAt + later;
          if (now >= sessionExpiresAt(s, policy)) expect(checkSession(s, now, policy)).toBe('expired');
          else expect(checkSession(s, now, policy)).not.toBe('expired');
        },
      ),
    );
  });
});
