/**
 * Test order for the packages whose tests build their own data: files and
 * tests run shuffled, so a test that leans on another's rows fails soon.
 * The seed is printed; FRONTLINE_TEST_SEED=<seed> repeats an order.
 */
export function shuffledSequence(): { shuffle: { files: boolean; tests: boolean }; seed: number } {
  const seed = Number(process.env.FRONTLINE_TEST_SEED) || Math.floor(Math.random() * 1_000_000);
  console.log(`tests shuffled with seed ${seed} (FRONTLINE_TEST_SEED=${seed} repeats this order)`);
  return { shuffle: { files: true, tests: true }, seed };
}
