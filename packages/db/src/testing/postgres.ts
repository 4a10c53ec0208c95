import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../migrations/index.ts';
import { openMigratedDatabase } from '../open.ts';

/**
 * Test databases on the run's PostgreSQL server (FRONTLINE_TEST_DATABASE_URL,
 * started by .ci/postgres.sh): the schema is migrated once into a template,
 * under an advisory lock so parallel test processes build it once, and each
 * test gets its own copy (CREATE DATABASE … TEMPLATE, tens of milliseconds),
 * dropped afterwards.
 */
const TEMPLATE = `frontline_template_${Object.keys(migrations).length}`;
const TEMPLATE_LOCK = 7_311_001;

let admin: pg.Pool | undefined;
let template: Promise<void> | undefined;

function adminPool(serverUrl: string): pg.Pool {
  return (admin ??= new pg.Pool({ connectionString: serverUrl, max: 2 }));
}

function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureTemplate(serverUrl: string): Promise<void> {
  const client = await adminPool(serverUrl).connect();
  try {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [TEMPLATE]);
    if (!rowCount) {
      await client.query(`create database ${TEMPLATE}_building`);
      const db = await openMigratedDatabase(databaseUrl(serverUrl, `${TEMPLATE}_building`));
      await db.close();
      await client.query(`alter database ${TEMPLATE}_building rename to ${TEMPLATE}`);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    client.release();
  }
}

/** A fresh migrated database: its URL, and how to drop it. */
export async function createPostgresTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  await (template ??= ensureTemplate(serverUrl));
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await adminPool(serverUrl).query(`create database ${name} template ${TEMPLATE}`);
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await adminPool(serverUrl).query(`drop database if exists ${name} with (force)`);
    },
  };
}
