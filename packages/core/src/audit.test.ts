import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, AUDITED_DUTY_MOVES, isAuditAction } from './audit.ts';
import { PLAN_MOVES } from './rollup/plans.ts';
import { auditQuery } from './schemas.ts';
import { TICKET_MOVES } from './tickets/lifecycle.ts';

describe('the audit vocabulary', () => {
  it('names every action once, as area.verb', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const code of AUDIT_ACTIONS) expect(code).toMatch(/^[a-z_]+(\.[a-z_-]+)+$/);
    expect(new Set(AUDIT_ENTITIES).size).toBe(AUDIT_ENTITIES.length);
  });

  it('holds the moves the services audit by name', () => {
    for (const move of AUDITED_DUTY_MOVES) expect(isAuditAction(`duty.${move}`)).toBe(true);
    for (const move of PLAN_MOVES) expect(isAuditAction(`plan.${move}`)).toBe(true);
    for (const move of TICKET_MOVES) expect(isAuditAction(`ticket.${move}`)).toBe(true);
    expect(isAuditAction('duty.miss')).toBe(false);
    expect(isAuditAction('household.reveal')).toBe(true);
  });

  it('the audit filter takes only listed actions', () => {
    expect(auditQuery.safeParse({ action: 'auth.sign-in' }).success).toBe(true);
    expect(auditQuery.safeParse({ action: 'auth.sign-in; drop table' }).success).toBe(false);
    expect(auditQuery.safeParse({}).success).toBe(true);
  });
});
