import { projectInScope, scopeOf, type Actor, type Employee, type Project } from '@frontline/core';

/**
 * Who may change which ticket settings. Everything is `tickets.configure`
 * (system and customer-relations admins). A regional admin edits the rows of
 * their region's projects; rows that hold for every project (the any-project
 * routes, SLA limits, warranty periods and the category mapping) are the
 * group's, for holders with group scope.
 */
export const CONFIGURE = 'tickets.configure' as const;

export const isGroupScoped = (actor: Actor): boolean => scopeOf(actor).kind === 'group';

/** A project's rows are the caller's when their scope covers the project. */
export const mayConfigureProject = (actor: Actor, project: Pick<Project, 'id' | 'regionId'>): boolean =>
  projectInScope(scopeOf(actor), project);

/** A default handler is an active employee working for the project: on it, or in its region's office. */
export function handlerCovers(employee: Employee, project: Pick<Project, 'id' | 'regionId'> | null): boolean {
  if (!employee.active) return false;
  if (project === null) return true;
  return employee.regionId === project.regionId && (employee.projectId === null || employee.projectId === project.id);
}
