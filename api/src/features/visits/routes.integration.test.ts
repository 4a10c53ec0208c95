import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffHomeVisit } from '../../testing/visits.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Visits, drafts, timelines and responses through the API, on the small group at 2026-11-23 10:00 Shanghai. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const one = <T>(text: string, ...args: unknown[]) => w.sql.get<T>(text, ...args);
/** The first column of the first row: a count, or an id. */
const count = (text: string, ...args: unknown[]) => w.sql.value<number>(text, ...args);

describe('recording a visit', () => {
  it('the form context names the checkpoint, the current version, the duty’s window and the household, masked', async () => {
    const { duty } = await staffHomeVisit(w);
    const ctx = await (await w.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: await w.as('staff') })).json();
    expect(ctx).toMatchObject({
      checkpoint: 7,
      channel: 'home_visit',
      dutyId: duty.id,
      window: { from: '2026-11-01', to: '2026-11-30' },
    });
    const household = ctx.households.find((x: { id: number }) => x.id === duty.household_id);
    expect(household.room).toMatch(/\*/);
    expect((await w.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: await w.as('pm') })).status).toBe(403);
    expect((await w.request(`/api/visits/new?dutyId=${duty.id}`, { cookie: await w.as('hr') })).status).toBe(403);
  });

  it('answers are checked against the version, with field messages in the caller’s language; nothing is written', async () => {
    const { visitBody, issue } = await staffHomeVisit(w);
    const cookie = await w.as('staff');
    const bad = visitBody({ answers: { overall: 7, household_status: 'living' } });
    const zh = await (await w.request('/api/visits', { cookie, json: bad })).json();
    expect(zh.error.fields).toEqual({ 'answers.overall': '请填写 1–5 之间的整数。', 'answers.issues': '此项为必填。' });
    const en = await w.request('/api/visits', { cookie, json: bad, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(422);
    expect((await en.json()).error.fields['answers.overall']).toBe('Enter a whole number from 1 to 5.');
    const badIssue = await (
      await w.request('/api/visits', {
        cookie,
        json: visitBody({ answers: { overall: 2, household_status: 'living', issues: [issue({ description: '' })] } }),
      })
    ).json();
    expect(badIssue.error.fields).toEqual({
      'answers.overall_reason': '此项为必填。',
      'answers.issues.0.description': '此项为必填。',
    });
    expect(await count('select count(*) from visits')).toBe(0);
  });

  it('someone else’s duty is refused; a household outside the caller’s scope is refused; a future visit is refused', async () => {
    const { visitBody } = await staffHomeVisit(w);
    expect((await w.request('/api/visits', { cookie: await w.as('staff.cr'), json: visitBody() })).status).toBe(403);
    const far = await count('select id from households where project_id = ? order by id limit 1', w.ids.westProject);
    const r = await w.request('/api/visits', { cookie: await w.as('staff'), json: visitBody({ householdIds: [far] }) });
    expect([r.status, (await r.json()).error.fields]).toEqual([422, { householdIds: '找不到该记录。' }]);
    const future = await w.request('/api/visits', {
      cookie: await w.as('staff'),
      json: visitBody({ visitedAt: '11:00' }),
    });
    expect((await future.json()).error.code).toBe('VISIT_IN_FUTURE');
  });

  it('50 parallel submissions of the same visit make one record and complete the duty once', async () => {
    const { duty, visitBody } = await staffHomeVisit(w);
    const cookie = await w.as('staff');
    const body = visitBody();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => w.request('/api/visits', { cookie, json: body })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).visit.id)));
    expect(ids.size).toBe(1);
    expect(await count('select count(*) from visits where client_id = ?', body.clientId)).toBe(1);
    expect(await count('select count(*) from visit_issues')).toBe(1);
    expect(await one('select status, attended_by from duties where id = ?', duty.id)).toEqual({
      status: 'done',
      attended_by: w.id('staff'),
    });
    expect(
      await count(`select count(*) from audit_log where action = 'duty.complete' and entity_id = ?`, String(duty.id)),
    ).toBe(1);
    // a replay a day later is still the same record
    w.advance(24 * 3600_000);
    const replay = await w.request('/api/visits', { cookie, json: body });
    expect([replay.status, (await replay.json()).visit.id]).toEqual([200, [...ids][0]]);
    w.advance(-24 * 3600_000);
    // another person cannot claim the id
    expect(
      (
        await w.request('/api/visits', {
          cookie: await w.as('staff.cr'),
          json: { ...body, dutyId: undefined, checkpoint: 7 },
        })
      ).status,
    ).toBe(409);
  });
});

describe('my visits', () => {
  it('each row names its households by address, masked, and only the caller’s visits are listed', async () => {
    const { duty, visitBody } = await staffHomeVisit(w);
    const cookie = await w.as('staff');
    expect((await w.request('/api/visits', { cookie, json: visitBody() })).status).toBe(201);
    const { items, total } = await (await w.request('/api/me/visits', { cookie })).json();
    expect(total).toBe(1);
    const household = await one<{ building: string; unit: string; room: string }>(
      'select building, unit, room from households where id = ?',
      duty.household_id,
    );
    expect(items[0].households).toEqual([
      {
        id: duty.household_id,
        building: household!.building,
        unit: household!.unit,
        room: expect.stringMatching(/\*/),
      },
    ]);
    expect(items[0].households[0].room).not.toBe(household!.room);
    expect((await (await w.request('/api/me/visits', { cookie: await w.as('staff.cr') })).json()).total).toBe(0);
  });
});

describe('drafts, timeline and responses', () => {
  it('a server draft is kept until its visit is submitted, then refused', async () => {
    const { version, visitBody } = await staffHomeVisit(w);
    const cookie = await w.as('staff');
    const body = visitBody({
      dutyId: undefined,
      checkpoint: 7,
      answers: { overall: 3, household_status: 'living', issues: [] },
    });
    const put = (json: unknown) => w.request(`/api/me/visit-drafts/${body.clientId}`, { method: 'PUT', cookie, json });
    expect((await put({ formVersionId: version.id, payload: { answers: { overall: 3 } } })).status).toBe(204);
    const drafts = (await (await w.request('/api/me/visit-drafts', { cookie })).json()).drafts;
    expect(drafts.find((d: { clientId: string }) => d.clientId === body.clientId).payload).toEqual({
      answers: { overall: 3 },
    });
    expect((await w.request('/api/visits', { cookie, json: body })).status).toBe(201);
    expect((await put({ formVersionId: version.id, payload: {} })).status).toBe(409);
  });

  it('a draft is dropped by the person who keeps it, and only by them', async () => {
    const { version } = await staffHomeVisit(w);
    const clientId = randomUUID();
    const staff = await w.as('staff');
    expect(
      (
        await w.request(`/api/me/visit-drafts/${clientId}`, {
          method: 'PUT',
          cookie: staff,
          json: { formVersionId: version.id, payload: { answers: {} } },
        })
      ).status,
    ).toBe(204);
    expect(
      (await w.request(`/api/me/visit-drafts/${clientId}`, { method: 'DELETE', cookie: await w.as('staff.cr') }))
        .status,
    ).toBe(204);
    expect(
      (await (await w.request('/api/me/visit-drafts', { cookie: staff })).json()).drafts.map(
        (d: { clientId: string }) => d.clientId,
      ),
    ).toEqual([clientId]);
    expect((await w.request(`/api/me/visit-drafts/${clientId}`, { method: 'DELETE', cookie: staff })).status).toBe(204);
    expect((await (await w.request('/api/me/visit-drafts', { cookie: staff })).json()).drafts).toEqual([]);
  });

  it('the household timeline lists its visits newest first with what was raised, personal data masked', async () => {
    const { duty, issue, record } = await staffHomeVisit(w);
    await record({ visitedOn: '2026-11-20', visitedAt: '15:00' });
    await record({
      visitedOn: '2026-11-23',
      visitedAt: '08:00',
      answers: { overall: 5, household_status: 'living', issues: [] },
    });
    await record({
      visitedOn: '2026-11-21',
      answers: { overall: 4, household_status: 'living', issues: [issue({ description: '客厅墙面开裂' })] },
    });
    const res = await (
      await w.request(`/api/households/${duty.household_id}/timeline`, { cookie: await w.as('staff') })
    ).json();
    expect(res.household.masked).toBe(true);
    const visits = res.entries.filter((e: { kind: string }) => e.kind === 'visit');
    expect(visits.length).toBeGreaterThanOrEqual(3);
    expect(
      visits.some((e: { issues: { description: string }[] }) => e.issues.some((i) => i.description === '主卧窗框渗水')),
    ).toBe(true);
    const keys = res.entries.map((e: { on: string; at: string }) => e.on + e.at);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect(
      (await w.request(`/api/households/${duty.household_id}/timeline`, { cookie: await w.as('hr') })).status,
    ).toBe(403);
  });

  it('the response viewer filters by project, checkpoint, dimension and period within the caller’s scope', async () => {
    const { record } = await staffHomeVisit(w);
    const noIssues = { overall: 5, household_status: 'living', issues: [] };
    await record();
    await record({ visitedOn: '2026-11-22' });
    await record({ answers: noIssues });
    await record({ visitedOn: '2026-11-21', answers: noIssues });
    const cookie = await w.as('cr');
    const all = await (await w.request('/api/responses?checkpoint=7', { cookie })).json();
    expect(all.total).toBeGreaterThanOrEqual(4);
    const engineering = await (await w.request('/api/responses?dimension=engineering', { cookie })).json();
    expect(engineering.total).toBe(2);
    expect((await (await w.request('/api/responses?from=2026-12-01', { cookie })).json()).total).toBe(0);
    expect((await (await w.request(`/api/responses?projectId=${w.ids.westProject}`, { cookie })).json()).total).toBe(0);
    expect((await w.request('/api/responses', { cookie: await w.as('staff') })).status).toBe(403);
  });
});

describe('a visit from a reception booking', () => {
  it('staff record the booked household’s visit on the checkpoint-6 form; the executive’s record completes their reception duty', async () => {
    const { version } = await staffHomeVisit(w);
    const president = await w.as('president');
    const staff = await w.as('staff');
    const duties = (await (await w.request('/api/me/duties?kind=reception', { cookie: president })).json()).duties as {
      id: number;
      status: string;
      due: { from: string; to: string };
    }[];
    const duty = duties.find((d) => d.status === 'planned' && d.due.from <= '2026-11-23' && d.due.to >= '2026-11-23')!;
    const project = await count('select project_id from employees where login = ?', 'staff');
    const day = await w.request('/api/reception-days', {
      cookie: president,
      json: {
        dutyId: duty.id,
        date: '2026-11-23',
        projectId: project,
        venueKind: 'customer_centre',
        topic: '业主接待',
        startTime: '08:00',
        endTime: '10:00',
        slotMinutes: 30,
        slotCapacity: 2,
      },
    });
    expect(day.status).toBe(201);
    const { day: created } = await day.json();
    const households = await w.sql.values<number>(
      'select id from households where owner_employee_id = ? order by id limit 2',
      w.id('staff'),
    );
    const book = async (household: number) =>
      (
        await (
          await w.request(`/api/reception-days/${created.id}/bookings`, {
            cookie: staff,
            json: { slotId: created.slots[0].id, householdId: household },
          })
        ).json()
      ).booking.id as number;
    const [first, second] = [await book(households[0]!), await book(households[1]!)];

    const ctx = await (await w.request(`/api/visits/new?bookingId=${first}`, { cookie: staff })).json();
    expect(ctx).toMatchObject({
      checkpoint: 6,
      channel: 'reception',
      lockedHouseholdId: households[0],
      window: { from: '2026-11-23', to: '2026-11-23' },
    });
    const answers = { overall: 4, matter: 'repair', resolved_on_spot: 'yes', issues: [] };
    const base = {
      formVersionId: ctx.version.id,
      visitedOn: '2026-11-23',
      visitedAt: '08:30',
      channel: 'reception',
      answers,
    };
    // the booked household must be among those visited
    const other = await w.request('/api/visits', {
      cookie: staff,
      json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[1]] },
    });
    expect(other.status).toBe(422);
    // the checkpoint-7 form does not fit a reception visit
    const wrongForm = await w.request('/api/visits', {
      cookie: staff,
      json: {
        ...base,
        clientId: randomUUID(),
        bookingId: first,
        householdIds: [households[0]],
        formVersionId: version.id,
      },
    });
    expect((await wrongForm.json()).error.code).toBe('VISIT_FORM_MISMATCH');
    // a booking's visit happens on its reception day
    const otherDay = await w.request('/api/visits', {
      cookie: staff,
      json: {
        ...base,
        clientId: randomUUID(),
        bookingId: first,
        householdIds: [households[0]],
        visitedOn: '2026-11-20',
      },
    });
    expect([otherDay.status, (await otherDay.json()).error.fields]).toEqual([
      422,
      { visitedOn: '日期须在 2026-11-23 至 2026-11-23 之间。' },
    ]);
    const staffVisit = await w.request('/api/visits', {
      cookie: staff,
      json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]] },
    });
    expect(staffVisit.status).toBe(201);
    expect(await one('select status from duties where id = ?', duty.id)).toEqual({ status: 'scheduled' });

    const presidentVisit = await w.request('/api/visits', {
      cookie: president,
      json: { ...base, clientId: randomUUID(), bookingId: second, householdIds: [households[1]] },
    });
    expect(presidentVisit.status).toBe(201);
    expect(await one('select status, attended_by from duties where id = ?', duty.id)).toEqual({
      status: 'done',
      attended_by: w.id('president'),
    });
    // someone with nothing to do with the booking cannot record against it
    expect(
      (
        await w.request('/api/visits', {
          cookie: await w.as('pm'),
          json: { ...base, clientId: randomUUID(), bookingId: first, householdIds: [households[0]] },
        })
      ).status,
    ).toBe(422);
  });
});
