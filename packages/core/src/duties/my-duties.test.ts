import { describe, expect, it } from 'vitest';
import { homeDuties, partitionMyDuties } from './my-duties.ts';

const duty = (
  id: number,
  over: Partial<{
    kind: 'reception' | 'home_visit';
    status: 'planned' | 'scheduled' | 'missed' | 'done';
    from: string;
    to: string;
    on: string | null;
  }>,
) => ({
  id,
  kind: over.kind ?? 'home_visit',
  status: over.status ?? 'planned',
  due: { from: over.from ?? '2026-11-01', to: over.to ?? '2026-11-30' },
  scheduledOn: null,
  proposedOn: over.on ?? null,
});

describe('my duties sections', () => {
  it('sorts open duties into due now, overdue and upcoming, with coming reception days apart and each duty once', () => {
    const s = partitionMyDuties(
      [
        duty(1, {}),
        duty(2, { from: '2026-12-01', to: '2026-12-31' }),
        duty(3, { status: 'missed', from: '2026-10-01', to: '2026-10-31' }),
        duty(4, { from: '2026-10-01', to: '2026-10-31' }),
        duty(5, { status: 'done' }),
        duty(6, { kind: 'reception', on: '2026-11-27' }),
        duty(7, { kind: 'reception', on: '2026-11-20' }),
      ],
      '2026-11-23',
    );
    expect(s.due.map((d) => d.id)).toEqual([1, 7]);
    expect(s.overdue.map((d) => d.id)).toEqual([3, 4]);
    expect(s.upcoming.map((d) => d.id)).toEqual([2]);
    expect(s.receptions.map((d) => d.id)).toEqual([6]);
  });

  it('gives the home page due and overdue duties without those shown elsewhere, and counts the upcoming', () => {
    const duties = [
      duty(1, {}),
      duty(2, { from: '2026-12-01', to: '2026-12-31' }),
      duty(3, { status: 'missed', from: '2026-10-01', to: '2026-10-31' }),
      duty(6, { kind: 'reception', on: '2026-11-27' }),
      duty(8, { kind: 'reception', on: '2026-11-25', to: '2026-11-26' }),
    ];
    const s = homeDuties(duties, '2026-11-23', new Set([6]));
    expect(s.due.map((d) => d.id)).toEqual([8, 1]);
    expect(s.overdue.map((d) => d.id)).toEqual([3]);
    expect(s.upcoming).toBe(1);
    const all = [...s.due, ...s.overdue].map((d) => d.id);
    expect(new Set(all).size).toBe(all.length);
  });
});
