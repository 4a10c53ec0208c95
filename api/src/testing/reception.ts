import type { World } from './world.ts';

export type TestDay = {
  id: number;
  uid: string;
  date: string;
  slots: { id: number; startsAt: string; capacity: number }[];
};

/**
 * The president sets up their reception duty due by the year's end as a day
 * in the first project, through the API: 2026-12-02, 09:00–10:00, two
 * 30-minute slots for two households each, unless told otherwise.
 */
export async function presidentsDay(
  w: World,
  over: Partial<{
    date: string;
    topic: string;
    venueKind: string;
    startTime: string;
    endTime: string;
    slotMinutes: number;
    slotCapacity: number;
  }> = {},
): Promise<TestDay> {
  const cookie = await w.as('president');
  const duties = (await (await w.request('/api/me/duties?kind=reception', { cookie })).json()).duties as {
    id: number;
    due: { from: string; to: string };
  }[];
  const duty = duties.find((d) => d.due.to >= '2026-12-31');
  if (!duty) throw new Error('the president has no reception duty due by the year’s end');
  const res = await w.request('/api/reception-days', {
    cookie,
    json: {
      dutyId: duty.id,
      date: '2026-12-02',
      projectId: w.ids.project,
      venueKind: 'customer_centre',
      topic: '交付前沟通',
      startTime: '09:00',
      endTime: '10:00',
      slotMinutes: 30,
      slotCapacity: 2,
      ...over,
    },
  });
  if (res.status !== 201) throw new Error(`setting up the president's day answered ${res.status}: ${await res.text()}`);
  return (await res.json()).day;
}
