import { validateAnswers } from '@frontline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { categoryRefs, currentFormVersion, listCategories } from './repositories/forms.ts';
import { bookSlot, createReceptionDay, type MailSettings } from './reception.ts';
import { planDemo, seedGroup } from './seed/index.ts';
import { createTestDatabase } from './testing/index.ts';
import { getVisit, householdTimeline, insertPhoto, listVisits, recordVisit, saveVisitDraft, listVisitDrafts, type NewVisit } from './visits.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const AT = Date.UTC(2026, 10, 23, 2);
const ctx = { actorId: null, at: AT };
const mail: MailSettings = { from: { name: '一线', email: 'frontline@frontline.test' }, origin: 'https://frontline.test', host: 'frontline.test', alarmMinutes: 30 };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function setUp() {
  const db = await createTestDatabase();
  cleanups.push(db.cleanup);
  return db;
}

async function withDuties() {
  const db = await setUp();
  await seedGroup(db, { passwordHash: 'x' });
  await planDemo(db, '2026-11-23', AT);
  const duty = db.sqlite
    .prepare(
      `select d.id, d.employee_id, d.due_from, d.due_to, h.id as household_id, h.project_id, p.region_id
       from duties d join households h on h.owner_employee_id = d.employee_id join projects p on p.id = h.project_id
       where d.kind = 'home_visit' and d.status = 'planned' and d.due_from <= '2026-11-23' and d.due_to >= '2026-11-23' order by d.id limit 1`,
    )
    .get() as { id: number; employee_id: number; due_from: string; due_to: string; household_id: number; project_id: number; region_id: number };
  const version = (await currentFormVersion(db, 7))!;
  const cats = await listCategories(db);
  const leak = cats.find((c) => c.code === 'leaks')!;
  const answers = { overall: 4, household_status: 'living', issues: [{ dimension: 'engineering', categoryId: leak.id, severity: 'general', building: '3', unit: '1', room: '1201', area: '主卧', description: '窗框渗水', photos: [] }] };
  const valid = validateAnswers(version.definition, answers, await categoryRefs(db));
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
    visitedAt: '10:30',
    householdIds: [duty.household_id],
    staffIds: [],
    answers: valid.value,
    photoIds: [],
  };
  return { db, duty, version, visit };
}

describe('visits', () => {
  it('records a visit with its answers and issue items and completes the duty, all at once', async () => {
    const { db, duty, visit } = await withDuties();
    const r = await recordVisit(db, visit, ctx);
    expect(r).toMatchObject({ ok: true, value: { created: true } });
    const id = r.ok ? r.value.id : 0;
    expect(db.sqlite.prepare('select status, completed_on, attended_by from duties where id = ?').get(duty.id)).toEqual({ status: 'done', completed_on: '2026-11-23', attended_by: duty.employee_id });
    const saved = (await getVisit(db, id))!;
    expect(saved.overall).toBe(4);
    expect(saved.issues.map((i) => [i.description, i.categoryLabel.zh, i.room])).toEqual([['窗框渗水', '渗漏', '1201']]);
    expect(saved.householdIds).toEqual([duty.household_id]);
    expect(db.sqlite.prepare('select question_key, num, text from visit_answers where visit_id = ? order by question_key').all(id)).toEqual([
      { question_key: 'household_status', num: null, text: 'living' },
      { question_key: 'overall', num: 4, text: null },
    ]);
  });

  it('the same client id twice makes one record; another person reusing it is refused', async () => {
    const { db, visit } = await withDuties();
    const first = await recordVisit(db, visit, ctx);
    const second = await recordVisit(db, { ...visit, answers: { overall: 1 } }, ctx);
    expect(second).toEqual({ ok: true, value: { id: first.ok && first.value.id, created: false } });
    expect(db.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(1);
    expect(await recordVisit(db, { ...visit, employeeId: visit.employeeId + 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'VISIT_CLIENT_ID_REUSED' } });
  });

  it('a visit synced after its duty was marked missed still completes it when it happened in the window; outside the window nothing is written', async () => {
    const { db, duty, visit } = await withDuties();
    db.sqlite.prepare(`update duties set status = 'missed' where id = ?`).run(duty.id);
    expect((await recordVisit(db, visit, ctx)).ok).toBe(true);
    expect(db.sqlite.prepare('select status from duties where id = ?').pluck().get(duty.id)).toBe('done');
    const late = await recordVisit(db, { ...visit, clientId: uuid(2), visitedOn: '2099-01-01' }, ctx);
    expect(late).toMatchObject({ ok: false, error: { code: 'DATE_OUTSIDE_WINDOW', fields: { visitedOn: 'DATE_OUTSIDE_WINDOW' } } });
    expect(db.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(1);
  });

  it('links only photos the recorder uploaded and nobody has used; otherwise writes nothing', async () => {
    const { db, visit } = await withDuties();
    const photo = { id: uuid(50), uploadedBy: visit.employeeId, contentType: 'image/jpeg', bytes: 10, width: 1, height: 1, file: 'a.jpg', thumb: 'a.webp' };
    expect(await insertPhoto(db, photo, AT)).toBe('created');
    expect(await insertPhoto(db, photo, AT)).toBe('exists');
    expect(await insertPhoto(db, { ...photo, uploadedBy: visit.employeeId + 1 }, AT)).toBe('not_yours');
    const missing = await recordVisit(db, { ...visit, photoIds: [uuid(50), uuid(51)] }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'PHOTO_NOT_FOUND' } });
    expect(db.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(0);
    const ok = await recordVisit(db, { ...visit, photoIds: [uuid(50)] }, ctx);
    expect(ok.ok && (await getVisit(db, ok.value.id))!.photos.map((p) => p.id)).toEqual([uuid(50)]);
  });

  it('drafts are kept per person until the visit is submitted, then gone', async () => {
    const { db, visit } = await withDuties();
    const draft = { clientId: visit.clientId, formVersionId: visit.formVersionId, dutyId: visit.dutyId, bookingId: null, payload: { answers: { overall: 3 } } };
    expect(await saveVisitDraft(db, visit.employeeId, draft, AT)).toBe('saved');
    expect(await saveVisitDraft(db, visit.employeeId + 1, draft, AT)).toBe('not_yours');
    expect((await listVisitDrafts(db, visit.employeeId)).map((d) => d.payload)).toEqual([{ answers: { overall: 3 } }]);
    await recordVisit(db, visit, ctx);
    expect(await listVisitDrafts(db, visit.employeeId)).toEqual([]);
    expect(await saveVisitDraft(db, visit.employeeId, draft, AT)).toBe('submitted');
  });

  it('the household timeline holds its bookings and visits, newest first, and the list filters by dimension', async () => {
    const { db, visit, duty } = await withDuties();
    await recordVisit(db, visit, ctx);
    await recordVisit(db, { ...visit, clientId: uuid(3), dutyId: null, visitedOn: '2026-11-20', answers: { overall: 5, household_status: 'living', issues: [] } }, ctx);
    const reception = db.sqlite
      .prepare(`select id, employee_id from duties where kind = 'reception' and status = 'planned' and region_id = ? and due_to >= '2026-12-10' order by id limit 1`)
      .get(duty.region_id) as { id: number; employee_id: number } | undefined;
    if (reception) {
      const day = await createReceptionDay(db, { dutyId: reception.id, date: '2026-12-10', projectId: duty.project_id, venueKind: 'customer_centre', topic: '沟通', startTime: '09:00', endTime: '10:00', slotMinutes: 30, slotCapacity: 2 }, ctx, mail);
      if (day.ok) await bookSlot(db, { slotId: day.value.slots[0]!.id, householdId: duty.household_id, bookedBy: duty.employee_id, note: '' }, '2026-11-23', ctx, mail);
    }
    const timeline = await householdTimeline(db, duty.household_id);
    const expected = [...(reception ? ['booking'] : []), 'visit', 'visit'];
    expect(timeline.map((e) => e.kind)).toEqual(expected);
    expect(timeline.filter((e) => e.kind === 'visit').map((e) => e.on)).toEqual(['2026-11-23', '2026-11-20']);
    expect((await listVisits(db, { dimension: 'engineering', limit: 10, offset: 0 })).items.map((v) => v.visitedOn)).toEqual(['2026-11-23']);
    expect((await listVisits(db, { employeeId: visit.employeeId, limit: 10, offset: 0 })).total).toBe(2);
  });
});
