import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GROUP_CAPABILITIES,
  capabilitiesOf,
  hasCapability,
  mayUse,
  employeeInScope,
  householdInScope,
  mayRevealHousehold,
  projectInScope,
  scopeOf,
  type Actor,
} from './access.ts';
import { LINES, POSITIONS } from './org.ts';

const actor = (over: Partial<Actor>): Actor => ({
  employeeId: 1,
  position: 'staff',
  line: 'engineering',
  regionId: 1,
  projectId: 10,
  ...over,
});

describe('scopeOf', () => {
  it('gives site staff their project, regional staff their region, admins the group', () => {
    expect(scopeOf(actor({}))).toEqual({ kind: 'project', regionId: 1, projectId: 10 });
    expect(scopeOf(actor({ projectId: null }))).toEqual({ kind: 'region', regionId: 1 });
    expect(scopeOf(actor({ position: 'regional_president', projectId: null }))).toEqual({
      kind: 'region',
      regionId: 1,
    });
    expect(scopeOf(actor({ position: 'system_admin', regionId: null, projectId: null }))).toEqual({ kind: 'group' });
    expect(scopeOf(actor({ regionId: null, projectId: null }))).toEqual({ kind: 'own', employeeId: 1 });
  });
});

describe('project and employee scope', () => {
  it('covers only the own project for a project scope', () => {
    const scope = scopeOf(actor({}));
    expect(projectInScope(scope, { id: 10, regionId: 1 })).toBe(true);
    expect(projectInScope(scope, { id: 11, regionId: 1 })).toBe(false);
    expect(projectInScope(scope, { id: 20, regionId: 2 })).toBe(false);
  });
  it('lets everyone see their own employee record', () => {
    expect(employeeInScope(actor({ regionId: null, projectId: null }), { id: 1, regionId: 3, projectId: null })).toBe(
      true,
    );
    expect(employeeInScope(actor({}), { id: 2, regionId: 1, projectId: 11 })).toBe(false);
  });
});

describe('household personal data', () => {
  const household = { projectId: 10, regionId: 1, ownerEmployeeId: 7 };
  it('may be revealed by the owner employee and by customer relations in scope', () => {
    expect(mayRevealHousehold(actor({ employeeId: 7 }), household)).toBe(true);
    expect(mayRevealHousehold(actor({ line: 'customer_relations' }), household)).toBe(true);
    expect(mayRevealHousehold(actor({ position: 'cr_admin', projectId: null }), household)).toBe(true);
  });
  it('stays masked for other staff, executives and customer relations of another region', () => {
    expect(mayRevealHousehold(actor({}), household)).toBe(false);
    expect(mayRevealHousehold(actor({ position: 'regional_president', projectId: null }), household)).toBe(false);
    expect(mayRevealHousehold(actor({ position: 'cr_admin', regionId: 2, projectId: null }), household)).toBe(false);
  });
  it('is never visible to HR', () => {
    expect(householdInScope(actor({ position: 'hr_admin', projectId: null }), household)).toBe(false);
    expect(capabilitiesOf(actor({ position: 'hr_admin', projectId: null }))).not.toContain('households.view');
  });
  it('reveal implies visibility, for any actor and household', () => {
    const ids = fc.integer({ min: 1, max: 4 });
    const actors = fc.record({
      employeeId: ids,
      position: fc.constantFrom(...POSITIONS),
      line: fc.option(fc.constantFrom(...LINES), { nil: null }),
      regionId: fc.option(ids, { nil: null }),
      projectId: fc.option(ids, { nil: null }),
    });
    const households = fc.record({ projectId: ids, regionId: ids, ownerEmployeeId: fc.option(ids, { nil: null }) });
    fc.assert(
      fc.property(actors, households, (a, h) => {
        if (mayRevealHousehold(a, h)) expect(householdInScope(a, h)).toBe(true);
      }),
    );
  });
});

describe('group-wide configuration', () => {
  it('is for group-scoped holders only; a regional admin keeps their regional capabilities', () => {
    const regionalCr = actor({ position: 'cr_admin', line: 'customer_relations', projectId: null });
    const groupCr = actor({ position: 'cr_admin', line: 'customer_relations', regionId: null, projectId: null });
    const regionalHr = actor({ position: 'hr_admin', line: 'hr', projectId: null });
    const groupHr = actor({ position: 'hr_admin', line: 'hr', regionId: null, projectId: null });
    for (const c of ['rules.manage', 'forms.manage', 'detection.manage'] as const) {
      expect(mayUse(regionalCr, c)).toBe(false);
      expect(mayUse(groupCr, c)).toBe(true);
    }
    expect(mayUse(regionalCr, 'rollup.manage')).toBe(true);
    expect(mayUse(regionalCr, 'schedule.run')).toBe(true);
    expect(mayUse(regionalHr, 'scores.configure')).toBe(false);
    expect(mayUse(groupHr, 'scores.configure')).toBe(true);
    expect(mayUse(regionalHr, 'scores.manage')).toBe(true);
    expect(capabilitiesOf(regionalHr)).not.toContain('scores.configure');
    // Ticket settings are regional: a regional CR admin edits their region's projects' rows.
    expect(mayUse(regionalCr, 'tickets.configure')).toBe(true);
    expect(mayUse(regionalHr, 'tickets.configure')).toBe(false);
  });
  it('never grants what the position lacks, whatever the scope', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POSITIONS),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        fc.constantFrom(...GROUP_CAPABILITIES),
        (position, regionId, c) => {
          const a = actor({ position, regionId, projectId: null });
          expect(mayUse(a, c)).toBe(hasCapability(position, c) && scopeOf(a).kind === 'group');
        },
      ),
    );
  });
});
