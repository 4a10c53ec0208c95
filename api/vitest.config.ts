import { defineConfig } from 'vitest/config';
import { shuffledSequence } from '../vitest.shuffle.ts';
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000, sequence: shuffledSequence() },
});
