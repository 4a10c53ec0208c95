import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byAddress } from './household-order.ts';

const h = (building: string, unit: string, room: string, id = 0) => ({ id, building, unit, room });

describe('households in address order', () => {
  it('sorts building, then unit, then room, numbers as numbers', () => {
    const sorted = byAddress([h('10', '1', '101'), h('2', '2', '101'), h('2', '1', '1*2'), h('2', '1', '3*1')]);
    expect(sorted.map((x) => `${x.building}-${x.unit}-${x.room}`)).toEqual([
      '2-1-1*2',
      '2-1-3*1',
      '2-2-101',
      '10-1-101',
    ]);
  });

  it('keeps every household and is idempotent', () => {
    const arb = fc.array(
      fc.record({
        id: fc.nat(),
        building: fc.stringMatching(/^\d{1,2}$/),
        unit: fc.stringMatching(/^\d$/),
        room: fc.stringMatching(/^\d\*\d$/),
      }),
    );
    fc.assert(
      fc.property(arb, (list) => {
        const once = byAddress(list);
        expect(once).toHaveLength(list.length);
        expect(byAddress(once)).toEqual(once);
      }),
    );
  });
});
