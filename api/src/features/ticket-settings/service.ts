import { recomputeOpenTicketClocks } from '../tickets/service.ts';
import type {
  AppError,
  Result,
  Actor,
  Line,
  Project,
  ServiceHoursInput,
  TicketRouteInput,
  TicketSlaLimitInput,
  WarrantyKind,
  WarrantyPeriod,
} from '@frontline/core';
import {
  deleteTicketRoute,
  getCategory,
  getEmployee,
  getProject,
  getTicketRoute,
  listProjects,
  listTicketRoutes,
  projectServiceHours,
  Refusal,
  setCategoryWarranty,
  unitOfWork,
  updateProjectServiceHours,
  updateWarrantyPeriod,
  upsertTicketRoute,
  upsertTicketSlaLimit,
  writeAudit,
  type AuditContext,
  type Db,
  type Executor,
} from '@frontline/db';
import { handlerCovers, isGroupScoped, mayConfigureProject } from './policy.ts';

/**
 * Changes to the ticket settings, each in one unit of work with its audit
 * row. A project the caller's scope does not cover is not found (404); a row
 * for every project below group scope is refused (403); a handler who is not
 * an active employee of the project, or a category that does not exist, is
 * the field's error (422).
 */

/** The project if the caller may configure it; null for "any project", which needs group scope. */
async function projectFor(tx: Executor, actor: Actor, projectId: number | null): Promise<Project | null> {
  if (projectId === null) {
    if (!isGroupScoped(actor)) throw new Refusal({ code: 'TICKET_SETTINGS_GROUP_ROW' });
    return null;
  }
  const project = await getProject(tx, projectId);
  if (!project || !mayConfigureProject(actor, project)) throw new Refusal({ code: 'NOT_FOUND' });
  return project;
}

async function checkCategory(tx: Executor, categoryId: number | null): Promise<void> {
  if (categoryId !== null && !(await getCategory(tx, categoryId)))
    throw new Refusal({ code: 'TICKET_CATEGORY_INVALID', fields: { categoryId: 'TICKET_CATEGORY_INVALID' } });
}

const groupOnly = (actor: Actor) => {
  if (!isGroupScoped(actor)) throw new Refusal({ code: 'TICKET_SETTINGS_GROUP_ROW' });
};

export async function saveTicketRoute(db: Db, actor: Actor, route: TicketRouteInput, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    const project = await projectFor(tx, actor, route.projectId);
    await checkCategory(tx, route.categoryId);
    if (route.handlerId !== null) {
      const handler = await getEmployee(tx, route.handlerId);
      if (!handler || !handlerCovers(handler, project))
        throw new Refusal({ code: 'TICKET_HANDLER_INVALID', fields: { handlerId: 'TICKET_HANDLER_INVALID' } });
    }
    const id = await upsertTicketRoute(tx, { ...route, line: route.line as Line }, ctx.at);
    await writeAudit(tx, ctx, { action: 'ticket_route.save', entity: 'ticket_route', entityId: id, after: route });
    return (await getTicketRoute(tx, id))!;
  });
}

export async function removeTicketRoute(db: Db, actor: Actor, id: number, ctx: AuditContext) {
  return unitOfWork(db, async (tx) => {
    const route = await getTicketRoute(tx, id);
    if (!route) throw new Refusal({ code: 'NOT_FOUND' });
    await projectFor(tx, actor, route.projectId);
    await deleteTicketRoute(tx, id);
    await writeAudit(tx, ctx, { action: 'ticket_route.delete', entity: 'ticket_route', entityId: id, before: route });
  });
}

/** After limits or working hours change, open tickets' deadlines are replayed on them (the change has committed). */
async function replayedAfter<T>(db: Db, at: number, result: Result<T, AppError>): Promise<Result<T, AppError>> {
  if (result.ok) await recomputeOpenTicketClocks(db, at);
  return result;
}

export async function saveTicketSlaLimit(db: Db, actor: Actor, limit: TicketSlaLimitInput, ctx: AuditContext) {
  return replayedAfter(
    db,
    ctx.at,
    await unitOfWork(db, async (tx) => {
      groupOnly(actor);
      await checkCategory(tx, limit.categoryId);
      const id = await upsertTicketSlaLimit(tx, limit, ctx.at);
      await writeAudit(tx, ctx, {
        action: 'ticket_sla_limit.save',
        entity: 'ticket_sla_limit',
        entityId: id,
        after: limit,
      });
      return { id, ...limit };
    }),
  );
}

export async function saveWarrantyPeriod(
  db: Db,
  actor: Actor,
  kind: WarrantyKind,
  period: WarrantyPeriod,
  ctx: AuditContext,
) {
  return unitOfWork(db, async (tx) => {
    groupOnly(actor);
    await updateWarrantyPeriod(tx, kind, period, ctx.at);
    await writeAudit(tx, ctx, {
      action: 'warranty_period.save',
      entity: 'warranty_period',
      entityId: kind,
      after: period,
    });
    return { kind, ...period };
  });
}

export async function saveCategoryWarranty(
  db: Db,
  actor: Actor,
  categoryId: number,
  kind: WarrantyKind | null,
  ctx: AuditContext,
) {
  return unitOfWork(db, async (tx) => {
    groupOnly(actor);
    if (!(await getCategory(tx, categoryId))) throw new Refusal({ code: 'NOT_FOUND' });
    await setCategoryWarranty(tx, categoryId, kind);
    await writeAudit(tx, ctx, {
      action: 'category_warranty.set',
      entity: 'issue_category',
      entityId: categoryId,
      after: { kind },
    });
    return { categoryId, kind };
  });
}

export async function saveServiceHours(
  db: Db,
  actor: Actor,
  projectId: number,
  s: ServiceHoursInput,
  ctx: AuditContext,
) {
  return replayedAfter(
    db,
    ctx.at,
    await unitOfWork(db, async (tx) => {
      await projectFor(tx, actor, projectId);
      const before = await projectServiceHours(tx, projectId);
      await updateProjectServiceHours(tx, projectId, s);
      await writeAudit(tx, ctx, {
        action: 'project.service_hours',
        entity: 'project',
        entityId: projectId,
        before,
        after: s,
      });
      return { projectId, ...s };
    }),
  );
}

/** The projects whose rows the caller sees and edits, and the routes among them (with the group's rows). */
export async function projectsInScope(db: Db, actor: Actor): Promise<Project[]> {
  return (await listProjects(db)).filter((p) => mayConfigureProject(actor, p));
}

export async function routesInScope(db: Db, actor: Actor, projects: Project[]) {
  return listTicketRoutes(db, isGroupScoped(actor) ? {} : { projectIds: projects.map((p) => p.id), withAny: true });
}
