/**
 * What the API benches write alike: a morning reception day at a sales
 * office for a planned reception duty, and a visit's issue item.
 */

/** A reception day for `duty` on its proposed date, 09:00–12:00 in half-hour slots of `slotCapacity` places. */
export const morningReceptionDay = (
  duty: { id: number; proposed_on: string; project_id: number },
  slotCapacity: number,
) => ({
  dutyId: duty.id,
  date: duty.proposed_on,
  projectId: duty.project_id,
  venueKind: 'sales_office' as const,
  topic: '接待',
  startTime: '09:00',
  endTime: '12:00',
  slotMinutes: 30,
  slotCapacity,
});

/** An issue item in room 3栋2单元1201. */
export const roomIssue = (
  dimension: 'engineering' | 'product',
  categoryId: number,
  severity: 'major' | 'general',
  area: string,
  description: string,
) => ({ dimension, categoryId, severity, building: '3栋', unit: '2单元', room: '1201', area, description, photos: [] });
