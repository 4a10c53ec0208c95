import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReveal, REVEAL_LIMIT, revealAlertDue, revealLimitAlert, type RevealPolicy } from './reveal-limit.ts';

const policy: RevealPolicy = { max: 3, windowMs: 60_000 };

describe('reveal limit', () => {
  it('allows up to the limit in the window, then says when the oldest leaves it', () => {
    expect(checkReveal([], 0, policy).ok).toBe(true);
    expect(checkReveal([1000, 2000], 3000, policy).ok).toBe(true);
    expect(checkReveal([1000, 2000, 3000], 4000, policy)).toEqual({
      ok: false,
      error: { code: 'TOO_MANY_REVEALS', params: { max: 3, minutes: 1, seconds: 57 } },
    });
    // The oldest has left the window: one more is allowed.
    expect(checkReveal([1000, 2000, 3000], 61_000, policy).ok).toBe(true);
    // Reveals outside the window do not count, whatever order they come in.
    expect(checkReveal([3000, -100_000, 2000, -90_000], 4000, policy).ok).toBe(true);
  });

  it('never lets more than the limit through in any window, and a refusal always has a wait', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 60 }), (gaps) => {
        const accepted: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap * 100;
          const verdict = checkReveal(accepted, now, policy);
          if (verdict.ok) accepted.push(now);
          else {
            const seconds = Number(verdict.error.params!.seconds);
            expect(seconds).toBeGreaterThanOrEqual(1);
            expect(seconds).toBeLessThanOrEqual(60);
            // Waiting that long is enough.
            expect(checkReveal(accepted, now + seconds * 1000, policy).ok).toBe(true);
          }
        }
        for (const at of accepted)
          expect(accepted.filter((t) => t >= at && t < at + policy.windowMs).length).toBeLessThanOrEqual(policy.max);
      }),
    );
  });

  it('alerts once per person per window', () => {
    expect(revealAlertDue(null, 100, policy)).toBe(true);
    expect(revealAlertDue(50_000, 100_000, policy)).toBe(false);
    expect(revealAlertDue(40_000, 100_000, policy)).toBe(true);
  });

  it('the default is one a person calling their households does not reach', () => {
    expect(REVEAL_LIMIT.max).toBeGreaterThanOrEqual(20);
    expect(REVEAL_LIMIT.windowMs).toBeLessThanOrEqual(60 * 60_000);
  });

  it('the alert names the person, the limit and the audit log, in the admin’s language', () => {
    const alert = (locale: 'zh-CN' | 'en') => ({
      to: { name: '管理员', email: 'admin@example.com', locale },
      recipientId: 1,
      person: { id: 7, name: '王小明', employeeNo: 'e000007' },
      policy: REVEAL_LIMIT,
      at: Date.UTC(2026, 10, 23, 2, 0),
      link: 'https://frontline.example.com/admin/audit?action=household.reveal',
    });
    const mail = revealLimitAlert(alert('zh-CN'));
    expect(mail.subject).toBe('[一线] 查看客户信息过于频繁：王小明 e000007');
    expect(mail.text).toContain('10 分钟内');
    expect(mail.text).not.toContain('within 10 minutes');
    expect(mail.text).toContain('2026-11-23 10:00');
    const english = revealLimitAlert(alert('en'));
    expect(english.subject).toBe('[Frontline] Too many customer-detail views: 王小明 e000007');
    expect(english.text).toContain('within 10 minutes (2026-11-23 10:00 China Standard Time)');
    expect(english.text).not.toContain('分钟');
    expect(mail.text).toContain('/admin/audit?action=household.reveal');
    expect(mail.dedupeKey).toBe(`reveal-limit:7:${Date.UTC(2026, 10, 23, 2, 0)}:1`);
  });
});
