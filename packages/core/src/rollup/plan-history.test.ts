import { describe, expect, it } from 'vitest';
import { readPlanEventNote, writePlanEventNote, type PlanEventNote } from './plan-history.ts';

describe('plan history notes', () => {
  it('are stored as figures and read back', () => {
    const notes: PlanEventNote[] = [
      { kind: 'round_opened', round: 2, households: 5 },
      { kind: 'not_fixed', households: 1 },
      { kind: 'reported_again', items: [12, 40] },
    ];
    for (const note of notes) expect(readPlanEventNote(writePlanEventNote(note))).toEqual(note);
  });

  it('reads the two-language text earlier versions stored', () => {
    expect(readPlanEventNote('第 1 轮回访：3 户 / round 1: 3 household(s)')).toEqual({
      kind: 'round_opened',
      round: 1,
      households: 3,
    });
    expect(readPlanEventNote('2 户反馈未解决 / 2 household(s) not fixed')).toEqual({
      kind: 'not_fixed',
      households: 2,
    });
    expect(readPlanEventNote('再次反映 2 条（条目 7, 9）')).toEqual({ kind: 'reported_again', items: [7, 9] });
  });

  it('has nothing to say for an empty note or one it cannot read', () => {
    expect(readPlanEventNote('')).toBeNull();
    expect(readPlanEventNote('{"kind":"round_opened","round":"x"}')).toBeNull();
    expect(readPlanEventNote('{not json')).toBeNull();
    expect(readPlanEventNote('something else')).toBeNull();
  });
});
