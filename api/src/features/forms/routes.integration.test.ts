import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffHomeVisit } from '../../testing/visits.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** The form builder through the API, on the small group: forms change without breaking old responses. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

describe('forms change without breaking old responses', () => {
  it('group customer relations edits and publishes a new version; old visits still read through theirs', async () => {
    const { version, visitBody, record } = await staffHomeVisit(w);
    const staff = await w.as('staff');
    const crGroup = await w.as('cr.group');
    // A response on version 1, before the form changes.
    await record({ visitedOn: '2026-11-20' });
    // Forms are the same across the group: a regional admin does not edit them.
    expect((await w.request('/api/forms', { cookie: await w.as('cr') })).status).toBe(403);
    const forms = await (await w.request('/api/forms', { cookie: crGroup })).json();
    const form = forms.forms.find((f: { checkpoint: number }) => f.checkpoint === 7);
    expect(form.responses).toBeGreaterThan(0);
    expect((await w.request('/api/forms', { cookie: staff })).status).toBe(403);

    const definition = structuredClone(
      (await (await w.request(`/api/forms/versions/${version.id}`, { cookie: staff })).json()).version.definition,
    );
    const dropped = {
      ...definition,
      questions: definition.questions.filter((q: { key: string }) => q.key !== 'topics'),
    };
    const refused = await w.request(`/api/forms/${form.id}/draft`, {
      method: 'PUT',
      cookie: crGroup,
      json: { definition: dropped },
    });
    expect([refused.status, (await refused.json()).error.code]).toEqual([422, 'FORM_QUESTION_REMOVED']);

    definition.questions.find((q: { key: string }) => q.key === 'topics').retired = true;
    definition.questions.splice(1, 0, {
      key: 'parking_ok',
      type: 'rating',
      label: { zh: '车位满意度', en: 'Parking' },
      dimension: 'product',
      required: true,
    });
    expect(
      (
        await w.request(`/api/forms/${form.id}/draft`, {
          method: 'PUT',
          cookie: await w.as('cr'),
          json: { definition },
        })
      ).status,
    ).toBe(403);
    expect(
      (await w.request(`/api/forms/${form.id}/draft`, { method: 'PUT', cookie: crGroup, json: { definition } })).status,
    ).toBe(200);
    const published = await (
      await w.request(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: crGroup })
    ).json();
    expect(published.version.version).toBe(2);

    const current = (await (await w.request('/api/forms/current?checkpoint=7', { cookie: staff })).json()).version;
    expect(current.id).toBe(published.version.id);
    const old = (await (await w.request(`/api/me/visits`, { cookie: staff })).json()).items.at(-1);
    const oldVisit = (await (await w.request(`/api/visits/${old.id}`, { cookie: staff })).json()).visit;
    expect(oldVisit.formVersion).toBe(1);
    expect(oldVisit.definition.questions.some((q: { key: string }) => q.key === 'parking_ok')).toBe(false);
    // a device still holding version 1 may submit against it; an answer to the retired question is refused on version 2
    expect(
      (
        await w.request('/api/visits', {
          cookie: staff,
          json: visitBody({
            dutyId: undefined,
            checkpoint: 7,
            answers: { overall: 5, household_status: 'living', issues: [] },
          }),
        })
      ).status,
    ).toBe(201);
    const retired = await w.request('/api/visits', {
      cookie: staff,
      json: visitBody({
        dutyId: undefined,
        checkpoint: 7,
        formVersionId: current.id,
        answers: { overall: 5, parking_ok: 4, household_status: 'living', issues: [], topics: ['repairs'] },
      }),
    });
    expect((await retired.json()).error.fields).toEqual({ 'answers.topics': '该表单版本没有这道题。' });
  });
});
