import { defineConfig } from 'vitest/config';
// Property tests generate thousands of inputs; under CI's full parallel load one can take several seconds.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 30_000 } });
