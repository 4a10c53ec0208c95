/**
 * Command-line import for large files, with a progress line:
 *   node api/src/cli/import.ts employees|households <file.xlsx|file.csv>
 * Uses FRONTLINE_DB_PATH like the server; runs with group scope and is audited.
 */
import { SYSTEM_ACTOR, describeRowError } from '@frontline/core';
import { openMigratedDatabase } from '@frontline/db';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { databaseLocation, readEnv } from '../env.ts';
import { readTable } from '../import/read-table.ts';
import { IMPORT_COLUMNS, runImport } from '../features/imports/service.ts';

const [kind, file] = process.argv.slice(2);
if ((kind !== 'employees' && kind !== 'households') || !file) {
  console.error('usage: node api/src/cli/import.ts employees|households <file.xlsx|file.csv>');
  process.exit(2);
}

const env = readEnv();
const db = await openMigratedDatabase(databaseLocation(env));
try {
  process.stdout.write(`› reading ${file}\n`);
  const table = await readTable(new Uint8Array(readFileSync(file)), basename(file));
  process.stdout.write(`› checking ${table.rows.length} rows\n`);
  const outcome = await runImport(
    db,
    kind,
    table,
    SYSTEM_ACTOR,
    { actorId: null, at: Date.now(), fileName: basename(file) },
    (done, total) =>
      process.stdout.write(`\r› importing ${Math.round((done / Math.max(total, 1)) * 100)}% (${done}/${total})`),
  );
  if (outcome.ok) {
    process.stdout.write(
      `\n✔ ${outcome.rows} rows: ${outcome.summary.created} new, ${outcome.summary.updated} updated\n`,
    );
    if (outcome.moves?.regionIds.length)
      process.stdout.write(
        '› people moved, joined or left: start a planning run (排程) to hand on their households and duties\n',
      );
  } else {
    if (outcome.missingColumns.length) console.error(`✘ missing columns: ${outcome.missingColumns.join(', ')}`);
    for (const e of outcome.errors) console.error(`✘ ${describeRowError(e, IMPORT_COLUMNS[kind], 'en')}`);
    console.error('nothing was imported');
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
