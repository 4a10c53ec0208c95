import { capabilitiesOf, scopeOf, type Employee } from '@frontline/core';
import { getProject, getRegion, type Db } from '@frontline/db';

/**
 * The signed-in user as the web app needs it: who, where, what they may do,
 * and whether they must choose a new password before anything else.
 */
export async function describeMe(db: Db, employee: Employee, mustChangePassword: boolean) {
  const actor = {
    employeeId: employee.id,
    position: employee.position,
    line: employee.line,
    regionId: employee.regionId,
    projectId: employee.projectId,
  };
  const [region, project] = await Promise.all([
    employee.regionId === null ? undefined : getRegion(db, employee.regionId),
    employee.projectId === null ? undefined : getProject(db, employee.projectId),
  ]);
  return {
    employee: {
      id: employee.id,
      employeeNo: employee.employeeNo,
      name: employee.name,
      line: employee.line,
      position: employee.position,
      email: employee.email,
      /** Their language: the web app sets the screen to it at sign-in; their mail and invites are written in it. */
      language: employee.language,
    },
    region: region ? { id: region.id, name: region.name } : null,
    project: project ? { id: project.id, name: project.name } : null,
    scope: scopeOf(actor),
    capabilities: capabilitiesOf(actor),
    mustChangePassword,
  };
}
