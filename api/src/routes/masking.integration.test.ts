import { hashDemoPassword } from '@frontline/db/seed';
import { factories } from '@frontline/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, T0, type Harness } from '../testing/harness.ts';

/**
 * Customer data in labels, locations and free text: masked for every viewer
 * who may not reveal the household, nothing at all for HR, in full only
 * through the audited reveal (and free text for those who may reveal).
 */
let h: Harness;
const cookie: Record<'owner' | 'colleague' | 'pm' | 'cr' | 'hr', string> = {
  owner: '',
  colleague: '',
  pm: '',
  cr: '',
  hr: '',
};
let dutyId = 0;
let visitId = 0;
let householdId = 0;
let ownerId = 0;
const NOTE = '业主李四反映卫生间漏水，电话13812345678';

beforeAll(async () => {
  h = await createHarness({ seed: false });
  const f = factories(h.db);
  const passwordHash = await hashDemoPassword();
  const region = await f.region();
  const project = await f.project(region.id);
  const owner = await f.employee({ regionId: region.id, projectId: project.id, login: 'owner', passwordHash });
  ownerId = owner.id;
  await f.employee({ regionId: region.id, projectId: project.id, login: 'colleague', passwordHash });
  await f.employee({
    position: 'project_head',
    line: 'president_office',
    regionId: region.id,
    projectId: project.id,
    login: 'pm',
    passwordHash,
  });
  await f.employee({
    position: 'cr_admin',
    line: 'customer_relations',
    regionId: region.id,
    login: 'cr',
    passwordHash,
  });
  await f.employee({ position: 'hr_admin', line: 'hr', regionId: region.id, login: 'hr', passwordHash });
  householdId = (
    await f.household(project.id, {
      building: '3',
      unit: '1',
      room: '1502',
      ownerEmployeeId: owner.id,
      ownerName: '李四',
      ownerPhone: '13812345678',
    })
  ).id;
  dutyId = await h.sql.value<number>(
    `insert into duties (key, kind, employee_id, region_id, project_id, period_kind, period_key, due_from, due_to, household_id, status, notes, updated_at)
     values ('t:1', 'home_visit', ?, ?, ?, 'month', '2026-M11', '2026-11-01', '2026-11-30', ?, 'planned', ?, ?) returning id`,
    owner.id,
    region.id,
    project.id,
    householdId,
    NOTE,
    T0,
  );
  const location = { building: '3', unit: '1', room: '1502', area: '卫生间' };
  visitId = (
    await f.visitWithIssue({
      employeeId: owner.id,
      householdId,
      projectId: project.id,
      regionId: region.id,
      description: NOTE,
      location,
    })
  ).id;
  for (const k of Object.keys(cookie) as (keyof typeof cookie)[]) cookie[k] = await h.signIn(k);
});
afterAll(async () => h.cleanup());

const get = async (path: string, who: keyof typeof cookie) => (await h.request(path, { cookie: cookie[who] })).json();

describe('duty labels', () => {
  it('show the room masked to managers and customer relations, and no household to HR', async () => {
    for (const who of ['owner', 'pm', 'cr'] as const)
      expect((await get(`/api/duties/${dutyId}`, who)).duty.householdLabel).toBe('3-1-1**2');
    const hr = await get(`/api/compliance/people/${ownerId}?period=2026-M11`, 'hr');
    expect(hr.duties).toHaveLength(1);
    expect(hr.duties[0]).toMatchObject({ householdLabel: null, householdId: null });
    expect(JSON.stringify(hr)).not.toContain('1502');
    expect(JSON.stringify(hr)).not.toContain('13812345678');
  });
  it('keep the duty person’s notes as written for them, masked for a manager', async () => {
    expect((await get(`/api/duties/${dutyId}`, 'owner')).duty.notes).toBe(NOTE);
    expect((await get(`/api/duties/${dutyId}`, 'pm')).duty.notes).toBe('业主李*反映卫生间漏水，电话138****5678');
  });
});

describe('a visit’s issue items', () => {
  it('mask the room in the location wherever it appears, for everyone', async () => {
    for (const who of ['owner', 'pm', 'cr'] as const) {
      const { visit } = await get(`/api/visits/${visitId}`, who);
      expect(visit.issues[0]).toMatchObject({ building: '3', unit: '1', room: '1**2' });
      expect(visit.answers.issues[0]).toMatchObject({ building: '3', unit: '1', room: '1**2' });
      expect(JSON.stringify(visit)).not.toContain('1502');
    }
  });
  it('show phone numbers and owner names typed into descriptions only to those who may reveal', async () => {
    const owner = (await get(`/api/visits/${visitId}`, 'owner')).visit;
    expect(owner.issues[0].description).toBe(NOTE);
    const cr = (await get(`/api/visits/${visitId}`, 'cr')).visit;
    expect(cr.issues[0].description).toBe(NOTE);
    const pm = (await get(`/api/visits/${visitId}`, 'pm')).visit;
    expect(pm.issues[0].description).toBe('业主李*反映卫生间漏水，电话138****5678');
    expect(pm.answers.issues[0].description).toBe('业主李*反映卫生间漏水，电话138****5678');
    const timeline = await get(`/api/households/${householdId}/timeline`, 'colleague');
    expect(JSON.stringify(timeline)).not.toContain('13812345678');
    expect(timeline.entries[0].issues[0].description).toBe('业主李*反映卫生间漏水，电话138****5678');
  });
  it('stay out of HR’s reach altogether', async () => {
    expect((await h.request(`/api/visits/${visitId}`, { cookie: cookie.hr })).status).toBe(403);
  });
});
