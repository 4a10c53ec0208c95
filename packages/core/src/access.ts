import type { Line, Position } from './org.ts';

/** Who is acting: the signed-in employee, as far as access decisions need. */
export type Actor = {
  employeeId: number;
  position: Position;
  line: Line | null;
  regionId: number | null;
  projectId: number | null;
};

/**
 * The operator at the command line (imports run by hand on the server): a
 * system admin of the group who is nobody in the employee table.
 */
export const SYSTEM_ACTOR: Actor = {
  employeeId: 0,
  position: 'system_admin',
  line: null,
  regionId: null,
  projectId: null,
};

/** The records an actor may reach. */
export type Scope =
  | { kind: 'group' }
  | { kind: 'region'; regionId: number }
  | { kind: 'project'; regionId: number; projectId: number }
  | { kind: 'own'; employeeId: number };

export type Role = Position;

/** Regional roles cover their region; a regional role with no region set covers the group. */
export function scopeOf(actor: Actor): Scope {
  switch (actor.position) {
    case 'system_admin':
      return { kind: 'group' };
    case 'regional_president':
    case 'functional_head':
    case 'cr_admin':
    case 'hr_admin':
      return actor.regionId === null ? { kind: 'group' } : { kind: 'region', regionId: actor.regionId };
    case 'project_head':
    case 'staff':
      // Site staff see their project; regional-office staff support every project of their region.
      if (actor.regionId === null) return { kind: 'own', employeeId: actor.employeeId };
      if (actor.projectId === null) return { kind: 'region', regionId: actor.regionId };
      return { kind: 'project', regionId: actor.regionId, projectId: actor.projectId };
  }
}

export function regionInScope(scope: Scope, regionId: number): boolean {
  switch (scope.kind) {
    case 'group':
      return true;
    case 'region':
    case 'project':
      return scope.regionId === regionId;
    case 'own':
      return false;
  }
}

/** A project is reachable when the scope covers it; 'own' scopes reach no whole project. */
export function projectInScope(scope: Scope, project: { id: number; regionId: number }): boolean {
  switch (scope.kind) {
    case 'group':
      return true;
    case 'region':
      return scope.regionId === project.regionId;
    case 'project':
      return scope.projectId === project.id;
    case 'own':
      return false;
  }
}

export type HouseholdRef = { projectId: number; regionId: number; ownerEmployeeId: number | null };

/** HR works with scores only and never sees customer records. */
export function mayViewHouseholds(actor: Actor): boolean {
  return hasCapability(actor.position, 'households.view');
}

export function householdInScope(actor: Actor, household: HouseholdRef): boolean {
  if (!mayViewHouseholds(actor)) return false;
  if (household.ownerEmployeeId === actor.employeeId) return true;
  return projectInScope(scopeOf(actor), { id: household.projectId, regionId: household.regionId });
}

export function isCustomerRelations(actor: Actor): boolean {
  return actor.position === 'cr_admin' || actor.line === 'customer_relations';
}

/**
 * Personal data may be revealed to the employee who looks after the household
 * and to customer-relations staff whose scope covers it; nobody else.
 */
export function mayRevealHousehold(actor: Actor, household: HouseholdRef): boolean {
  if (!mayViewHouseholds(actor)) return false;
  if (household.ownerEmployeeId === actor.employeeId) return true;
  return isCustomerRelations(actor) && householdInScope(actor, household);
}

/** Who may see an employee record: anyone whose scope covers the employee's unit, and the employee. */
export function employeeInScope(
  actor: Actor,
  employee: { id: number; regionId: number | null; projectId: number | null },
): boolean {
  if (employee.id === actor.employeeId) return true;
  const scope = scopeOf(actor);
  if (scope.kind === 'group') return true;
  if (scope.kind === 'own') return false;
  if (employee.regionId === null) return false;
  if (scope.kind === 'region') return scope.regionId === employee.regionId;
  return employee.projectId === scope.projectId;
}

/**
 * Whose appraisal scores a person may read: their own always; managers,
 * customer relations and HR those their scope covers; staff nobody else's.
 */
export function scoreInScope(
  actor: Actor,
  employee: { id: number; regionId: number | null; projectId: number | null },
): boolean {
  if (employee.id === actor.employeeId) return true;
  if (actor.position === 'staff') return false;
  return employeeInScope(actor, employee);
}

/** Which positions may use each capability; route policies and the web navigation both read this. */
export const CAPABILITY_ROLES = {
  'org.browse': [
    'system_admin',
    'regional_president',
    'functional_head',
    'project_head',
    'staff',
    'cr_admin',
    'hr_admin',
  ],
  'households.view': ['system_admin', 'regional_president', 'functional_head', 'project_head', 'staff', 'cr_admin'],
  'audit.view': ['system_admin'],
  'employees.manage': ['system_admin', 'hr_admin'],
  'import.employees': ['system_admin', 'hr_admin'],
  'import.households': ['system_admin', 'cr_admin'],
  'calendar.manage': ['system_admin'],
  'duties.receive': ['regional_president', 'functional_head', 'project_head'],
  'rules.manage': ['system_admin', 'cr_admin'],
  'events.manage': ['system_admin', 'cr_admin', 'regional_president', 'project_head'],
  'schedule.run': ['system_admin', 'cr_admin'],
  'compliance.view': ['system_admin', 'regional_president', 'functional_head', 'project_head', 'cr_admin', 'hr_admin'],
  'households.assign': ['system_admin', 'regional_president', 'project_head', 'cr_admin'],
  'mail.view': ['system_admin'],
  'forms.manage': ['system_admin', 'cr_admin'],
  'responses.view': ['system_admin', 'regional_president', 'functional_head', 'project_head', 'cr_admin'],
  'rollup.manage': ['system_admin', 'cr_admin'],
  'detection.manage': ['system_admin', 'cr_admin'],
  'plans.view': ['system_admin', 'regional_president', 'functional_head', 'project_head', 'staff', 'cr_admin'],
  'scores.manage': ['system_admin', 'hr_admin'],
  'scores.configure': ['system_admin', 'hr_admin'],
  /** Complaint and repair tickets: everyone who looks after customers raises and works them; HR never sees them. */
  'tickets.view': ['system_admin', 'regional_president', 'functional_head', 'project_head', 'staff', 'cr_admin'],
  /** Ticket routing, SLA limits, warranty and project service hours; a regional holder edits their region's projects' rows. */
  'tickets.configure': ['system_admin', 'cr_admin'],
} as const satisfies Record<string, readonly Position[]>;

export type Capability = keyof typeof CAPABILITY_ROLES;

/**
 * Group-wide configuration and group-wide actions: cadence rules and the
 * participation matrix, feedback forms and the issue taxonomy, common-issue
 * detection (its settings and runs), scoring schemes and closing a period,
 * and the system admin's own pages. Only a holder with group scope may use
 * these (a system admin, a group-level customer-relations or HR admin); a
 * regional admin works in their region with the other capabilities.
 */
export const GROUP_CAPABILITIES: readonly Capability[] = [
  'rules.manage',
  'forms.manage',
  'detection.manage',
  'scores.configure',
  'calendar.manage',
  'audit.view',
  'mail.view',
];

/** Whether a position carries a capability at all (scope aside); see `mayUse` for a person. */
export function hasCapability(position: Position, capability: Capability): boolean {
  return (CAPABILITY_ROLES[capability] as readonly Position[]).includes(position);
}

/** Whether this person may use a capability: their position carries it, and group-wide ones need group scope. */
export function mayUse(actor: Actor, capability: Capability): boolean {
  if (!hasCapability(actor.position, capability)) return false;
  return !GROUP_CAPABILITIES.includes(capability) || scopeOf(actor).kind === 'group';
}

export function capabilitiesOf(actor: Actor): Capability[] {
  return (Object.keys(CAPABILITY_ROLES) as Capability[]).filter((c) => mayUse(actor, c));
}

/**
 * Who may excuse a person's duty: their line manager, or an executive or
 * system admin whose scope covers them; never the person themself.
 */
export function mayApproveFor(
  actor: Actor,
  employee: { id: number; regionId: number | null; projectId: number | null; managerId: number | null },
): boolean {
  if (employee.id === actor.employeeId) return false;
  if (employee.managerId === actor.employeeId) return true;
  const approvers: readonly Position[] = ['system_admin', 'regional_president', 'functional_head', 'project_head'];
  return approvers.includes(actor.position) && employeeInScope(actor, employee);
}
