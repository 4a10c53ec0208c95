import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';

/** Forms, visits, photos, drafts and timelines through the API, on the demo group at 2026-11-23 10:00 Shanghai. */
let h: Harness;
const cookie: Record<string, string> = {};
let duty: { id: number; household_id: number };
let version: { id: number; definition: { questions: { key: string; type: string }[] } };
let leakCategory: number;

const one = <T>(sql: string, ...args: unknown[]) => h.db.sqlite.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => h.db.sqlite.prepare(sql).pluck().get(...args) as number;

beforeAll(async () => {
  h = await createHarness();
  for (const login of ['admin', 'pm', 'staff', 'staff.cr', 'cr', 'cr.group', 'president', 'hr']) cookie[login] = await h.signIn(login);
  duty = one(
    `select d.id, h.id as household_id from duties d join households h on h.owner_employee_id = d.employee_id
     where d.employee_id = ? and d.kind = 'home_visit' and d.status = 'planned' and d.due_from <= '2026-11-23' and d.due_to >= '2026-11-23' order by d.id limit 1`,
    h.idOf('staff'),
  );
  const ctx = await (await h.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: cookie.staff })).json();
  version = ctx.version;
  leakCategory = ctx.categories.find((c: { code: string }) => c.code === 'leaks').id;
});
afterAll(async () => h.cleanup());

const issue = (extra: Record<string, unknown> = {}) => ({ dimension: 'engineering', categoryId: leakCategory, severity: 'major', building: '3', unit: '1', room: '1201', area: '主卧', description: '主卧窗框渗水', photos: [], ...extra });

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

const jpeg = (w = 1200, hgt = 900) => sharp({ create: { width: w, height: hgt, channels: 3, background: '#8a6' } }).jpeg().toBuffer();

async function upload(id: string, data: Uint8Array | string, type = 'image/jpeg', who = cookie.staff) {
  const form = new FormData();
  form.set('id', id);
  form.set('file', new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type }), 'photo.jpg');
  return h.request('/api/photos', { cookie: who, body: form });
}

describe('recording a visit', () => {
  it('the form context names the checkpoint, the current version, the duty’s window and the household, masked', async () => {
    const ctx = await (await h.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: cookie.staff })).json();
    expect(ctx).toMatchObject({ checkpoint: 7, channel: 'home_visit', dutyId: duty.id, window: { from: '2026-11-01', to: '2026-11-30' } });
    const household = ctx.households.find((x: { id: number }) => x.id === duty.household_id);
    expect(household.room).toMatch(/\*/);
    expect((await h.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: cookie.pm })).status).toBe(403);
    expect((await h.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: cookie.hr })).status).toBe(403);
  });

  it('answers are checked against the version, with field messages in the caller’s language; nothing is written', async () => {
    const bad = visitBody({ answers: { overall: 7, household_status: 'living' } });
    const zh = await (await h.request('/api/visits', { cookie: cookie.staff, json: bad })).json();
    expect(zh.error.fields).toEqual({ 'answers.overall': '请填写 1–5 之间的整数。', 'answers.issues': '此项为必填。' });
    const en = await h.request('/api/visits', { cookie: cookie.staff, json: bad, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(422);
    expect((await en.json()).error.fields['answers.overall']).toBe('Enter a whole number from 1 to 5.');
    const badIssue = await (await h.request('/api/visits', { cookie: cookie.staff, json: visitBody({ answers: { overall: 2, household_status: 'living', issues: [issue({ description: '' })] } }) })).json();
    expect(badIssue.error.fields).toEqual({ 'answers.overall_reason': '此项为必填。', 'answers.issues.0.description': '此项为必填。' });
    expect(count('select count(*) from visits')).toBe(0);
  });

  it('someone else’s duty is refused; a household outside the caller’s scope is refused; a future visit is refused', async () => {
    expect((await h.request('/api/visits', { cookie: cookie['staff.cr'], json: visitBody() })).status).toBe(403);
    const far = count('select id from households where project_id = 2 limit 1');
    const r = await h.request('/api/visits', { cookie: cookie.staff, json: visitBody({ householdIds: [far] }) });
    expect([r.status, (await r.json()).error.fields]).toEqual([422, { householdIds: '找不到该记录。' }]);
    const future = await h.request('/api/visits', { cookie: cookie.staff, json: visitBody({ visitedAt: '11:00' }) });
    expect((await future.json()).error.code).toBe('VISIT_IN_FUTURE');
  });

  it('50 parallel submissions of the same visit make one record and complete the duty once', async () => {
    const body = visitBody();
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.request('/api/visits', { cookie: cookie.staff, json: body })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).visit.id)));
    expect(ids.size).toBe(1);
    expect(count('select count(*) from visits where client_id = ?', body.clientId)).toBe(1);
    expect(count('select count(*) from visit_issues')).toBe(1);
    expect(one('select status, attended_by from duties where id = ?', duty.id)).toEqual({ status: 'done', attended_by: h.idOf('staff') });
    expect(count(`select count(*) from audit_log where action = 'duty.complete' and entity_id = ?`, String(duty.id))).toBe(1);
    // a replay a day later is still the same record
    h.advance(24 * 3600_000);
    const replay = await h.request('/api/visits', { cookie: cookie.staff, json: body });
    expect([replay.status, (await replay.json()).visit.id]).toEqual([200, [...ids][0]]);
    h.advance(-24 * 3600_000);
    // another person cannot claim the id
    expect((await h.request('/api/visits', { cookie: cookie['staff.cr'], json: { ...body, dutyId: undefined, checkpoint: 7 } })).status).toBe(409);
  });
});

describe('photos', () => {
  it('uploads a JPEG once per id, keeps it under the data folder with a WebP thumbnail, and links it to the visit', async () => {
    const id = randomUUID();
    const first = await upload(id, await jpeg());
    expect(first.status).toBe(201);
    expect((await first.json()).photo).toMatchObject({ id, width: 1200, height: 900 });
    expect((await upload(id, await jpeg())).status).toBe(200);
    const thumb = await h.request(`/api/photos/${id}/thumb`, { cookie: cookie.staff });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, Math.max(meta.width!, meta.height!)]).toEqual(['webp', 320]);
    // before it belongs to a visit only its uploader sees it
    expect((await h.request(`/api/photos/${id}`, { cookie: cookie.cr })).status).toBe(404);

    const body = visitBody({ dutyId: undefined, checkpoint: 7, answers: { overall: 5, household_status: 'living', issues: [issue({ photos: [id] })], photos: [] } });
    const res = await h.request('/api/visits', { cookie: cookie.staff, json: body });
    expect(res.status).toBe(201);
    const { visit } = await (await h.request(`/api/visits/${(await res.json()).visit.id}`, { cookie: cookie.staff })).json();
    expect(visit.photos.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(visit.issues[0].photos).toEqual([id]);
    // customer relations in scope reads it now; staff of another project does not
    expect((await h.request(`/api/photos/${id}`, { cookie: cookie.cr })).status).toBe(200);
    expect((await h.request(`/api/photos/${id}`, { cookie: cookie.hr })).status).toBe(403);
    // a photo id the caller never uploaded cannot be attached
    const stranger = await h.request('/api/visits', { cookie: cookie.staff, json: visitBody({ dutyId: undefined, checkpoint: 7, answers: { overall: 5, household_status: 'living', issues: [], photos: [randomUUID()] } }) });
    expect([stranger.status, (await stranger.json()).error.code]).toEqual([422, 'PHOTO_NOT_FOUND']);
  });

  it('refuses files over the limit, of other types, or unreadable, each with a clear message', async () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 100 * 1024);
    const tooBig = await upload(randomUUID(), big);
    expect([tooBig.status, (await tooBig.json()).error.message]).toEqual([413, '照片过大（单张上限 8 MB）。']);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
    const wrongType = await upload(randomUUID(), gif, 'image/gif');
    expect([wrongType.status, (await wrongType.json()).error.message]).toEqual([415, '只支持 JPEG、PNG 或 WebP 格式的照片。']);
    const broken = await upload(randomUUID(), 'this is not an image', 'image/jpeg');
    expect([broken.status, (await broken.json()).error.code]).toEqual([422, 'PHOTO_UNREADABLE']);
    const notMultipart = await h.request('/api/photos', { cookie: cookie.staff, json: { id: randomUUID() } });
    expect(notMultipart.status).toBe(415);
    expect(count(`select count(*) from photos where bytes > 8388608`)).toBe(0);
  });
});

describe('forms change without breaking old responses', () => {
  it('group customer relations edits and publishes a new version; old visits still read through theirs', async () => {
    // Forms are the same across the group: a regional admin does not edit them.
    expect((await h.request('/api/forms', { cookie: cookie.cr })).status).toBe(403);
    const forms = await (await h.request('/api/forms', { cookie: cookie['cr.group'] })).json();
    const form = forms.forms.find((f: { checkpoint: number }) => f.checkpoint === 7);
    expect(form.responses).toBeGreaterThan(0);
    expect((await h.request('/api/forms', { cookie: cookie.staff })).status).toBe(403);

    const definition = structuredClone((await (await h.request(`/api/forms/versions/${version.id}`, { cookie: cookie.staff })).json()).version.definition);
    const dropped = { ...definition, questions: definition.questions.filter((q: { key: string }) => q.key !== 'topics') };
    const refused = await h.request(`/api/forms/${form.id}/draft`, { method: 'PUT', cookie: cookie['cr.group'], json: { definition: dropped } });
    expect([refused.status, (await refused.json()).error.code]).toEqual([422, 'FORM_QUESTION_REMOVED']);

    definition.questions.find((q: { key: string }) => q.key === 'topics').retired = true;
    definition.questions.splice(1, 0, { key: 'parking_ok', type: 'rating', label: { zh: '车位满意度', en: 'Parking' }, dimension: 'product', required: true });
    expect((await h.request(`/api/forms/${form.id}/draft`, { method: 'PUT', cookie: cookie.cr, json: { definition } })).status).toBe(403);
    expect((await h.request(`/api/forms/${form.id}/draft`, { method: 'PUT', cookie: cookie['cr.group'], json: { definition } })).status).toBe(200);
    const published = await (await h.request(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cookie['cr.group'] })).json();
    expect(published.version.version).toBe(2);

    const current = (await (await h.request('/api/forms/current?checkpoint=7', { cookie: cookie.staff })).json()).version;
    expect(current.id).toBe(published.version.id);
    const old = (await (await h.request(`/api/me/visits`, { cookie: cookie.staff })).json()).items.at(-1);
    const oldVisit = (await (await h.request(`/api/visits/${old.id}`, { cookie: cookie.staff })).json()).visit;
    expect(oldVisit.formVersion).toBe(1);
    expect(oldVisit.definition.questions.some((q: { key: string }) => q.key === 'parking_ok')).toBe(false);
    // a device still holding version 1 may submit against it; an answer to the retired question is refused on version 2
    expect((await h.request('/api/visits', { cookie: cookie.staff, json: visitBody({ dutyId: undefined, checkpoint: 7, answers: { overall: 5, household_status: 'living', issues: [] } }) })).status).toBe(201);
    const retired = await h.request('/api/visits', {
      cookie: cookie.staff,
      json: visitBody({ dutyId: undefined, checkpoint: 7, formVersionId: current.id, answers: { overall: 5, parking_ok: 4, household_status: 'living', issues: [], topics: ['repairs'] } }),
    });
    expect((await retired.json()).error.fields).toEqual({ 'answers.topics': '该表单版本没有这道题。' });
  });
});

describe('drafts, timeline and responses', () => {
  it('a server draft is kept until its visit is submitted, then refused', async () => {
    const body = visitBody({ dutyId: undefined, checkpoint: 7, answers: { overall: 3, household_status: 'living', issues: [] } });
    const put = (json: unknown) => h.request(`/api/me/visit-drafts/${body.clientId}`, { method: 'PUT', cookie: cookie.staff, json });
    expect((await put({ formVersionId: version.id, payload: { answers: { overall: 3 } } })).status).toBe(204);
    const drafts = (await (await h.request('/api/me/visit-drafts', { cookie: cookie.staff })).json()).drafts;
    expect(drafts.find((d: { clientId: string }) => d.clientId === body.clientId).payload).toEqual({ answers: { overall: 3 } });
    expect((await h.request('/api/visits', { cookie: cookie.staff, json: body })).status).toBe(201);
    expect((await put({ formVersionId: version.id, payload: {} })).status).toBe(409);
  });

  it('the household timeline lists its visits newest first with what was raised, personal data masked', async () => {
    const res = await (await h.request(`/api/households/${duty.household_id}/timeline`, { cookie: cookie.staff })).json();
    expect(res.household.masked).toBe(true);
    const visits = res.entries.filter((e: { kind: string }) => e.kind === 'visit');
    expect(visits.length).toBeGreaterThanOrEqual(3);
    expect(visits.some((e: { issues: { description: string }[] }) => e.issues.some((i) => i.description === '主卧窗框渗水'))).toBe(true);
    const keys = res.entries.map((e: { on: string; at: string }) => e.on + e.at);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect((await h.request(`/api/households/${duty.household_id}/timeline`, { cookie: cookie.hr })).status).toBe(403);
  });

  it('the response viewer filters by project, checkpoint, dimension and period within the caller’s scope', async () => {
    const all = await (await h.request('/api/responses?checkpoint=7', { cookie: cookie.cr })).json();
    expect(all.total).toBeGreaterThanOrEqual(4);
    const engineering = await (await h.request('/api/responses?dimension=engineering', { cookie: cookie.cr })).json();
    expect(engineering.total).toBe(2);
    expect((await (await h.request('/api/responses?from=2026-12-01', { cookie: cookie.cr })).json()).total).toBe(0);
    expect((await (await h.request('/api/responses?projectId=2', { cookie: cookie.cr })).json()).total).toBe(0);
    expect((await h.request('/api/responses', { cookie: cookie.staff })).status).toBe(403);
  });
});

describe('a visit from a reception booking', () => {
  it('staff record the booked household’s visit on the checkpoint-6 form; the executive’s record completes their reception duty', async () => {
    const duties = (await (await h.request('/api/me/duties?kind=reception', { cookie: cookie.president })).json()).duties as { id: number; status: string; due: { from: string; to: string } }[];
    const duty = duties.find((d) => d.status === 'planned' && d.due.from <= '2026-11-23' && d.due.to >= '2026-11-23')!;
    const project = count('select project_id from employees where login = ?', 'staff');
    const day = await h.request('/api/reception-days', {
      cookie: cookie.president,
      json: { dutyId: duty.id, date: '2026-11-23', projectId: project, venueKind: 'customer_centre', topic: '业主接待', startTime: '08:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 2 },
    });
    expect(day.status).toBe(201);
    const { day: created } = await day.json();
    const households = h.db.sqlite.prepare('select id from households where owner_employee_id = ? order by id limit 2').pluck().all(h.idOf('staff')) as number[];
    const book = async (household: number) =>
      (await (await h.request(`/api/reception-days/${created.id}/bookings`, { cookie: cookie.staff, json: { slotId: created.slots[0].id, householdId: household } })).json()).booking.id as number;
    const [first, second] = [await book(households[0]!), await book(households[1]!)];

    const ctx = await (await h.request(`/api/visits/new?bookingId=${first}`, { cookie: cookie.staff })).json();
    expect(ctx).toMatchObject({ checkpoint: 6, channel: 'reception', lockedHouseholdId: households[0], window: { from: '2026-11-23', to: '2026-11-23' } });
    const answers = { overall: 4, matter: 'repair', resolved_on_spot: 'yes', issues: [] };
    const base = { formVersionId: ctx.version.id, visitedOn: '2026-11-23', visitedAt: '08:30', channel: 'reception', answers };
    // the booked household must be among those visited
    const other = await h.request('/api/visits', { cookie: cookie.staff, json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[1]] } });
    expect(other.status).toBe(422);
    // the checkpoint-7 form does not fit a reception visit
    const wrongForm = await h.request('/api/visits', { cookie: cookie.staff, json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]], formVersionId: version.id } });
    expect((await wrongForm.json()).error.code).toBe('VISIT_FORM_MISMATCH');
    // a booking's visit happens on its reception day
    const otherDay = await h.request('/api/visits', { cookie: cookie.staff, json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]], visitedOn: '2026-11-20' } });
    expect([otherDay.status, (await otherDay.json()).error.fields]).toEqual([422, { visitedOn: '日期须在 2026-11-23 至 2026-11-23 之间。' }]);
    const staffVisit = await h.request('/api/visits', { cookie: cookie.staff, json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]] } });
    expect(staffVisit.status).toBe(201);
    expect(one('select status from duties where id = ?', duty.id)).toEqual({ status: 'scheduled' });

    const presidentVisit = await h.request('/api/visits', { cookie: cookie.president, json: { ...base, clientId: randomUUID(), bookingId: second, householdIds: [households[1]] } });
    expect(presidentVisit.status).toBe(201);
    expect(one('select status, attended_by from duties where id = ?', duty.id)).toEqual({ status: 'done', attended_by: h.idOf('president') });
    // someone with nothing to do with the booking cannot record against it
    expect((await h.request('/api/visits', { cookie: cookie.pm, json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]] } })).status).toBe(422);
  });
});
