import { validateAnswers } from '@frontline/core';
import {
  categoryRefs,
  currentFormVersion,
  getVisit,
  listCategories,
  listVisitDrafts,
  listVisits,
  type NewVisit,
} from '@frontline/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '../../testing/harness.ts';
import { createWorld, type World } from '../../testing/world.ts';
import { recordPhoto } from '../photos/service.ts';
import { householdTimeline, recordVisit, saveVisitDraft } from './service.ts';

/** The visit record on the small group at 2026-11-23 10:00 Shanghai: one unit of work per visit, its duty and photos with it. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const AT = T0;
const ctx = { actorId: null, at: AT };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** The first column of the first row: a count, an id or a status. */
const scalar = (text: string, ...args: unknown[]) => w.sql.value(text, ...args);

/** Staff's home visit due this month, to one of the households they look after, with one issue item. */
async function dutyVisit() {
  const duty = (await w.sql.get<{
    id: number;
    employee_id: number;
    household_id: number;
    project_id: number;
    region_id: number;
  }>(
    `select d.id, d.employee_id, h.id as household_id, h.project_id, p.region_id
     from duties d join households h on h.owner_employee_id = d.employee_id join projects p on p.id = h.project_id
     where d.employee_id = ? and d.kind = 'home_visit' and d.status = 'planned' and d.due_from <= '2026-11-23' and d.due_to >= '2026-11-23' order by d.id, h.id limit 1`,
    w.id('staff'),
  ))!;
  const version = (await currentFormVersion(w.db, 7))!;
  const leak = (await listCategories(w.db)).find((c) => c.code === 'leaks')!;
  const answers = {
    overall: 4,
    household_status: 'living',
    issues: [
      {
        dimension: 'engineering',
        categoryId: leak.id,
        severity: 'general',
        building: '3',
        unit: '1',
        room: '1201',
        area: '主卧',
        description: '窗框渗水',
        photos: [],
      },
    ],
  };
  const valid = validateAnswers(version.definition, answers, await categoryRefs(w.db));
  if (!valid.ok) throw new Error(JSON.stringify(valid.error));
  const visit: NewVisit = {
    clientId: uuid(1),
    employeeId: duty.employee_id,
    dutyId: duty.id,
    bookingId: null,
    checkpoint: 7,
    formVersionId: version.id,
    definition: version.definition,
    projectId: duty.project_id,
    regionId: duty.region_id,
    channel: 'home_visit',
    visitedOn: '2026-11-23',
    visitedAt: '09:30',
    householdIds: [duty.household_id],
    staffIds: [],
    answers: valid.value,
    photoIds: [],
  };
  return { duty, visit };
}

describe('recording a visit', () => {
  it('records a visit with its answers and issue items and completes the duty, all at once', async () => {
    const { duty, visit } = await dutyVisit();
    const r = await recordVisit(w.db, visit, ctx);
    expect(r).toMatchObject({ ok: true, value: { created: true } });
    const id = r.ok ? r.value.id : 0;
    expect(await w.sql.get('select status, completed_on, attended_by from duties where id = ?', duty.id)).toEqual({
      status: 'done',
      completed_on: '2026-11-23',
      attended_by: duty.employee_id,
    });
    const saved = (await getVisit(w.db, id))!;
    expect(saved.overall).toBe(4);
    expect(saved.issues.map((i) => [i.description, i.categoryLabel.zh, i.room])).toEqual([
      ['窗框渗水', '渗漏', '1201'],
    ]);
    expect(saved.householdIds).toEqual([duty.household_id]);
    expect(
      await w.sql.all('select question_key, num, text from visit_answers where visit_id = ? order by question_key', id),
    ).toEqual([
      { question_key: 'household_status', num: null, text: 'living' },
      { question_key: 'overall', num: 4, text: null },
    ]);
    // the duty's completion and the visit are audited in the same unit of work
    expect(
      await w.sql.values(`select action from audit_log where action in ('duty.complete', 'visit.create') order by id`),
    ).toEqual(['duty.complete', 'visit.create']);
  });

  it('the same client id twice makes one record; another person reusing it is refused', async () => {
    const { visit } = await dutyVisit();
    const first = await recordVisit(w.db, visit, ctx);
    const second = await recordVisit(w.db, { ...visit, answers: { overall: 1 } }, ctx);
    expect(second).toEqual({ ok: true, value: { id: first.ok && first.value.id, created: false } });
    expect(await scalar('select count(*) from visits')).toBe(1);
    expect(await recordVisit(w.db, { ...visit, employeeId: visit.employeeId + 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLIENT_ID_REUSED' },
    });
  });

  it('a visit synced after its duty was marked missed still completes it when it happened in the window; outside the window nothing is written', async () => {
    const { duty, visit } = await dutyVisit();
    await w.sql.run(`update duties set status = 'missed' where id = ?`, duty.id);
    expect((await recordVisit(w.db, visit, ctx)).ok).toBe(true);
    expect(await scalar('select status from duties where id = ?', duty.id)).toBe('done');
    const late = await recordVisit(w.db, { ...visit, clientId: uuid(2), visitedOn: '2099-01-01' }, ctx);
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'DATE_OUTSIDE_WINDOW', fields: { visitedOn: 'DATE_OUTSIDE_WINDOW' } },
    });
    expect(await scalar('select count(*) from visits')).toBe(1);
  });

  it('links only photos the recorder uploaded and nobody has used; otherwise writes nothing', async () => {
    const { visit } = await dutyVisit();
    const photo = {
      id: uuid(50),
      uploadedBy: visit.employeeId,
      contentType: 'image/jpeg',
      bytes: 10,
      width: 1,
      height: 1,
      file: 'a.jpg',
      thumb: 'a.webp',
    };
    expect(await recordPhoto(w.db, photo, AT)).toBe('created');
    expect(await recordPhoto(w.db, photo, AT)).toBe('exists');
    expect(await recordPhoto(w.db, { ...photo, uploadedBy: visit.employeeId + 1 }, AT)).toBe('not_yours');
    const missing = await recordVisit(w.db, { ...visit, photoIds: [uuid(50), uuid(51)] }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'PHOTO_NOT_FOUND' } });
    expect(await scalar('select count(*) from visits')).toBe(0);
    const ok = await recordVisit(w.db, { ...visit, photoIds: [uuid(50)] }, ctx);
    expect(ok.ok && (await getVisit(w.db, ok.value.id))!.photos.map((p) => p.id)).toEqual([uuid(50)]);
  });

  it('drafts are kept per person until the visit is submitted, then gone', async () => {
    const { visit } = await dutyVisit();
    const draft = {
      clientId: visit.clientId,
      formVersionId: visit.formVersionId,
      dutyId: visit.dutyId,
      bookingId: null,
      payload: { answers: { overall: 3 } },
    };
    expect(await saveVisitDraft(w.db, visit.employeeId, draft, AT)).toBe('saved');
    expect(await saveVisitDraft(w.db, visit.employeeId + 1, draft, AT)).toBe('not_yours');
    expect((await listVisitDrafts(w.db, visit.employeeId)).map((d) => d.payload)).toEqual([
      { answers: { overall: 3 } },
    ]);
    await recordVisit(w.db, visit, ctx);
    expect(await listVisitDrafts(w.db, visit.employeeId)).toEqual([]);
    expect(await saveVisitDraft(w.db, visit.employeeId, draft, AT)).toBe('submitted');
  });

  it('the household timeline holds its bookings and visits, newest first, and the list filters by dimension', async () => {
    const { visit, duty } = await dutyVisit();
    await recordVisit(w.db, visit, ctx);
    await recordVisit(
      w.db,
      {
        ...visit,
        clientId: uuid(3),
        dutyId: null,
        visitedOn: '2026-11-20',
        answers: { overall: 5, household_status: 'living', issues: [] },
      },
      ctx,
    );
    // The president's reception in December, with the household booked on it by its owner.
    const reception = await scalar(
      `select id from duties where kind = 'reception' and status = 'planned' and employee_id = ? and due_to >= '2026-12-10' order by id limit 1`,
      w.id('president'),
    );
    const day = await w.request('/api/reception-days', {
      cookie: await w.as('president'),
      json: {
        dutyId: reception,
        date: '2026-12-10',
        projectId: duty.project_id,
        venueKind: 'customer_centre',
        topic: '沟通',
        startTime: '09:00',
        endTime: '10:00',
        slotMinutes: 30,
        slotCapacity: 2,
      },
    });
    expect(day.status).toBe(201);
    const { day: created } = await day.json();
    const booked = await w.request(`/api/reception-days/${created.id}/bookings`, {
      cookie: await w.as('staff'),
      json: { slotId: created.slots[0].id, householdId: duty.household_id },
    });
    expect(booked.status).toBe(201);
    const { entries: timeline, nextCursor } = await householdTimeline(w.db, duty.household_id);
    expect(nextCursor).toBeNull();
    expect(timeline.map((e) => e.kind)).toEqual(['booking', 'visit', 'visit']);
    expect(timeline.filter((e) => e.kind === 'visit').map((e) => e.on)).toEqual(['2026-11-23', '2026-11-20']);
    expect(
      (await listVisits(w.db, { dimension: 'engineering', limit: 10, offset: 0 })).items.map((v) => v.visitedOn),
    ).toEqual(['2026-11-23']);
    expect((await listVisits(w.db, { employeeId: visit.employeeId, limit: 10, offset: 0 })).total).toBe(2);
  });
});
