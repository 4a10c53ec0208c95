import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loopTurns } from './loop-turns.ts';

/** Counts turns of the event loop: each check phase runs it once, before batches queued after it. */
function turnCounter() {
  let turn = 0;
  let on = true;
  const tick = () => {
    turn++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop: () => void (on = false),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('loopTurns', () => {
  it('starts requests in arrival order, at most perTurn each turn of the loop', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), async (perTurn, count) => {
        const turns = turnCounter();
        const queue = loopTurns({ perTurn, maxWaiting: 1_000 });
        const started: { id: number; turn: number }[] = [];
        for (let id = 0; id < count; id++) expect(queue.admit(() => started.push({ id, turn: turns.turn }))).toBe(true);
        expect(started).toEqual([]); // nothing runs on the caller's turn
        await settle();
        turns.stop();
        expect(started.map((s) => s.id)).toEqual(Array.from({ length: count }, (_, i) => i));
        const perTurnSeen = new Map<number, number>();
        for (const s of started) perTurnSeen.set(s.turn, (perTurnSeen.get(s.turn) ?? 0) + 1);
        expect(Math.max(0, ...perTurnSeen.values())).toBeLessThanOrEqual(perTurn);
        // and no turn is skipped while requests wait: ceil(count / perTurn) consecutive turns
        expect(perTurnSeen.size).toBe(Math.ceil(count / perTurn));
        expect(queue.waiting).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('lets the promise jobs of one batch finish before the next turn starts more', async () => {
    const queue = loopTurns({ perTurn: 1, maxWaiting: 10 });
    const events: string[] = [];
    for (const name of ['a', 'b']) {
      queue.admit(() => {
        events.push(`${name} starts`);
        void Promise.resolve()
          .then(() => Promise.resolve())
          .then(() => events.push(`${name} finishes`));
      });
    }
    await settle();
    expect(events).toEqual(['a starts', 'a finishes', 'b starts', 'b finishes']);
  });

  it('refuses, queuing nothing, once maxWaiting are waiting, and takes more as they start', async () => {
    const queue = loopTurns({ perTurn: 2, maxWaiting: 3 });
    const started: number[] = [];
    expect([1, 2, 3, 4].map((n) => queue.admit(() => started.push(n)))).toEqual([true, true, true, false]);
    expect(queue.waiting).toBe(3);
    await settle();
    expect(started).toEqual([1, 2, 3]);
    expect(queue.admit(() => started.push(5))).toBe(true);
    await settle();
    expect(started).toEqual([1, 2, 3, 5]);
  });
});
