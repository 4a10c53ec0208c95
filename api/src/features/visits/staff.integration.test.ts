import { factories } from '@frontline/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, demoPasswordHash, type Harness } from '../../testing/harness.ts';

/** Who may be named as present at a visit: colleagues on its project or in its region's office, and only active ones. Each test builds its own people. */
let h: Harness;
let cookie: string;
let recorderId = 0;
let people: Record<'projectMate' | 'office' | 'otherProject' | 'otherRegion' | 'leaver' | 'groupAdmin', number>;
let household: number;
let version: number;
let n = 0;

beforeEach(async () => {
  h = await createHarness({ seed: false });
  const f = factories(h.db);
  const passwordHash = await demoPasswordHash();
  const east = await f.region();
  const south = await f.region();
  const project = await f.project(east.id);
  const sibling = await f.project(east.id);
  const far = await f.project(south.id);
  const recorder = await f.employee({ regionId: east.id, projectId: project.id, login: 'rec', passwordHash });
  recorderId = recorder.id;
  people = {
    projectMate: (await f.employee({ regionId: east.id, projectId: project.id })).id,
    office: (await f.employee({ position: 'functional_head', regionId: east.id })).id,
    otherProject: (await f.employee({ regionId: east.id, projectId: sibling.id })).id,
    otherRegion: (await f.employee({ regionId: south.id, projectId: far.id })).id,
    leaver: (await f.employee({ regionId: east.id, projectId: project.id, active: false })).id,
    groupAdmin: (await f.employee({ position: 'system_admin', line: null })).id,
  };
  household = (await f.household(project.id, { ownerEmployeeId: recorder.id })).id;
  version = await h.sql.value<number>(
    `select id from form_versions where status = 'published' and form_id = (select id from forms where checkpoint = 7)`,
  );
  cookie = await h.signIn('rec');
});
afterEach(async () => h.cleanup());

function record(staffIds: number[]) {
  const clientId = `00000000-0000-4000-a000-${String(++n).padStart(12, '0')}`;
  return h.request('/api/visits', {
    cookie,
    json: {
      clientId,
      checkpoint: 7,
      formVersionId: version,
      householdIds: [household],
      visitedOn: '2026-11-20',
      visitedAt: '10:00',
      channel: 'home_visit',
      staffIds,
      answers: { overall: 4, household_status: 'living', issues: [] },
    },
  });
}

describe('staff present at a visit', () => {
  it('may be colleagues on the visit’s project or in its region’s office', async () => {
    const res = await record([people.projectMate, people.office]);
    expect(res.status).toBe(201);
    const { visit } = await res.json();
    const named = await h.sql.values<number>(
      'select employee_id from visit_staff where visit_id = ? order by employee_id',
      visit.id,
    );
    // The recorder is on the visit too.
    expect(named).toEqual([recorderId, people.projectMate, people.office].sort((a, b) => a - b));
  });

  for (const who of ['otherProject', 'otherRegion', 'leaver', 'groupAdmin'] as const) {
    it(`refuses ${who} with a field message, and records nothing`, async () => {
      const before = await h.sql.value<number>('select count(*) from visits');
      const res = await record([people.projectMate, people[who]]);
      expect(res.status).toBe(422);
      expect((await res.json()).error.fields).toEqual({ staffIds: '同行人员只能是本项目或本区域公司的在职同事。' });
      expect(await h.sql.value<number>('select count(*) from visits')).toBe(before);
    });
  }

  it('offers exactly those colleagues on the recording form', async () => {
    const form = await (await h.request('/api/visits/new?checkpoint=7', { cookie })).json();
    expect(form.colleagues.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b)).toEqual(
      [people.projectMate, people.office].sort((a, b) => a - b),
    );
  });
});
