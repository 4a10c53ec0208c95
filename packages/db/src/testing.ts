import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedDatabase, type Db } from './open.ts';

/** A migrated database in a fresh temporary file; `cleanup` closes and deletes it. */
export async function createTestDatabase(): Promise<Db & { cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-test-'));
  const db = await openMigratedDatabase(join(dir, 'test.db'));
  return {
    ...db,
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
