import { hasCapability, scopeOf, type Actor, type Scope } from './access.ts';
import type { Position } from './org.ts';

/**
 * Who may put whom where. One rule for every change of an employee's
 * position, unit (region, project) or active state: imports, activation and
 * deactivation, password resets. An importer changes only people inside their
 * own scope, never themselves, and only to positions their role may assign.
 */

/** Where a person sits: the unit that decides their scope. */
export type EmployeeUnit = { position: Position; regionId: number | null; projectId: number | null };

/** What HR may assign: the positions below theirs. Regional presidents and admins are set by a system admin. */
const HR_ASSIGNS: readonly Position[] = ['staff', 'project_head', 'functional_head'];

/** Positions the actor may give (or take away); empty for anyone without `employees.manage`. */
export function assignablePositions(actor: Pick<Actor, 'position'>): readonly Position[] {
  if (actor.position === 'system_admin')
    return ['regional_president', 'functional_head', 'project_head', 'staff', 'cr_admin', 'hr_admin', 'system_admin'];
  if (actor.position === 'hr_admin') return HR_ASSIGNS;
  return [];
}

/** Positions whose holder acts for a region (and, with no region, for the group). */
const REGIONAL: readonly Position[] = ['regional_president', 'functional_head', 'cr_admin', 'hr_admin'];
/** Regional positions that may also sit at group level (no region): group customer relations and group HR. */
const GROUP_LEVEL: readonly Position[] = ['cr_admin', 'hr_admin', 'system_admin'];

export type UnitProblem = 'region_required' | 'project_required' | 'project_not_allowed' | 'region_not_allowed';

/**
 * Whether a unit fits its position: a project head sits on a project, staff on
 * a project or a regional office, a regional role in a region with no project
 * (customer-relations and HR admins may sit at group level), a system admin
 * at group level. A regional position without its region would otherwise
 * reach the whole group.
 */
export function unitProblem(unit: EmployeeUnit): UnitProblem | null {
  const { position, regionId, projectId } = unit;
  if (position === 'system_admin')
    return regionId !== null ? 'region_not_allowed' : projectId !== null ? 'project_not_allowed' : null;
  if (REGIONAL.includes(position)) {
    if (projectId !== null) return 'project_not_allowed';
    if (regionId === null && !GROUP_LEVEL.includes(position)) return 'region_required';
    return null;
  }
  if (position === 'project_head' && projectId === null) return 'project_required';
  if (regionId === null) return 'region_required';
  return null;
}

function unitInScope(scope: Scope, unit: Pick<EmployeeUnit, 'regionId' | 'projectId'>): boolean {
  if (scope.kind === 'group') return true;
  if (scope.kind !== 'region' || unit.regionId === null) return false;
  return unit.regionId === scope.regionId;
}

/**
 * Why the actor may not hold a person at `unit` (before or after a change),
 * or null when they may. Group-level units are for system admins alone.
 */
function holdProblem(actor: Actor, unit: EmployeeUnit): EmployeeChangeProblem | null {
  if (!assignablePositions(actor).includes(unit.position)) return 'position_not_assignable';
  if (unit.regionId === null && actor.position !== 'system_admin') return 'out_of_scope';
  return unitInScope(scopeOf(actor), unit) ? null : 'out_of_scope';
}

export type EmployeeChangeProblem = UnitProblem | 'not_allowed' | 'self' | 'out_of_scope' | 'position_not_assignable';

/**
 * Why the actor may not place a person at `unit`, or null when they may: the
 * unit must fit its position, and the actor must be able to hold a person
 * there (a position their role assigns, inside their scope).
 */
export function placementProblem(actor: Actor, unit: EmployeeUnit): EmployeeChangeProblem | null {
  if (!hasCapability(actor.position, 'employees.manage')) return 'not_allowed';
  return unitProblem(unit) ?? holdProblem(actor, unit);
}

/**
 * Whether the actor may change a person's standing where they sit (activate,
 * deactivate, reset their password, or move them): they hold
 * `employees.manage`, the person is not themselves, and the person sits where
 * the actor could have put them.
 */
export function mayManageEmployee(actor: Actor, employee: EmployeeUnit & { id: number }): boolean {
  if (!hasCapability(actor.position, 'employees.manage') || employee.id === actor.employeeId) return false;
  return holdProblem(actor, employee) === null;
}
