import { randomUUID } from 'node:crypto';
import type { World } from './world.ts';

/**
 * Recording visits in API tests on the small group: staff's home visit due
 * this month (2026-11), one of the households they look after, the form
 * version the duty's visit answers and the leak category, read the way the
 * device reads them (GET /visits/new).
 */
export async function staffHomeVisit(w: World) {
  const duty = await w.db.kysely
    .selectFrom('duties as d')
    .innerJoin('households as h', 'h.owner_employee_id', 'd.employee_id')
    .select(['d.id', 'h.id as household_id'])
    .where('d.employee_id', '=', w.id('staff'))
    .where('d.kind', '=', 'home_visit')
    .where('d.status', '=', 'planned')
    .where('d.due_from', '<=', '2026-11-23')
    .where('d.due_to', '>=', '2026-11-23')
    .orderBy('d.id')
    .orderBy('h.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const form = await (await w.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: await w.as('staff') })).json();
  const version = form.version as { id: number; definition: { questions: { key: string; type: string }[] } };
  const leakCategory = (form.categories as { id: number; code: string }[]).find((c) => c.code === 'leaks')!.id;

  const issue = (extra: Record<string, unknown> = {}) => ({
    dimension: 'engineering',
    categoryId: leakCategory,
    severity: 'major',
    building: '3',
    unit: '1',
    room: '1201',
    area: '主卧',
    description: '主卧窗框渗水',
    photos: [],
    ...extra,
  });
  /** A submission of the duty's visit (a fresh client id each time), with one issue item unless told otherwise. */
  const visitBody = (extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    dutyId: duty.id,
    formVersionId: version.id,
    householdIds: [duty.household_id],
    visitedOn: '2026-11-23',
    visitedAt: '09:30',
    channel: 'home_visit',
    answers: { overall: 4, household_status: 'living', issues: [issue()] },
    ...extra,
  });
  /** Staff records a visit to the household without the duty; answers the record's id. */
  const record = async (extra: Record<string, unknown> = {}) => {
    const res = await w.request('/api/visits', {
      cookie: await w.as('staff'),
      json: visitBody({ dutyId: undefined, checkpoint: 7, ...extra }),
    });
    if (res.status !== 201) throw new Error(`visit not recorded: ${res.status} ${await res.text()}`);
    return (await res.json()).visit.id as number;
  };
  return { duty, version, leakCategory, issue, visitBody, record };
}
