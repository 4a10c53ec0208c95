import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '../dialect/postgres.ts';
import { migrations } from '../migrations/index.ts';
import { openMigratedDatabase } from '../open.ts';
import type { TestTemplate } from './index.ts';

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

function adminPool(serverUrl: string): pg.Pool {
  return (admin ??= new pg.Pool({ connectionString: serverUrl, max: 2 }));
}

/** A database name for a template's name: lower-case letters, digits and underscores only. */
const templateDatabase = (name: string | undefined) =>
  name ? `${TEMPLATE}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}` : TEMPLATE;

/** Builds the named template database unless some test process already has (one builder at a time: the lock). */
async function ensureTemplate(serverUrl: string, template: TestTemplate | undefined): Promise<string> {
  const target = templateDatabase(template?.name);
  // The bare schema first, outside the lock (building it takes the lock too).
  const source = template ? await bare(serverUrl) : undefined;
  const client = await adminPool(serverUrl).connect();
  try {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [target]);
    if (!rowCount) {
      const building = `${target}_building`;
      await client.query(`drop database if exists ${building}`);
      await client.query(source ? `create database ${building} template ${source}` : `create database ${building}`);
      const db = await openMigratedDatabase(databaseUrl(serverUrl, building));
      try {
        if (template) await template.build(db);
      } finally {
        await db.close();
      }
      await client.query(`alter database ${building} rename to ${target}`);
    }
    return target;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    client.release();
  }
}

const templates = new Map<string, Promise<string>>();

/** The template database for `template` (the bare schema without one), built once per run. */
function templateFor(serverUrl: string, template: TestTemplate | undefined): Promise<string> {
  const key = templateDatabase(template?.name);
  let made = templates.get(key);
  if (!made) {
    made = ensureTemplate(serverUrl, template);
    templates.set(key, made);
  }
  return made;
}

const bare = (serverUrl: string) => templateFor(serverUrl, undefined);

/** A fresh migrated database (a copy of `template`'s when given): its URL, and how to drop it. */
export async function createPostgresTestDatabase(
  serverUrl: string,
  template?: TestTemplate,
): Promise<{ url: string; drop(): Promise<void> }> {
  const source = await templateFor(serverUrl, template);
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await adminPool(serverUrl).query(`create database ${name} template ${source}`);
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await adminPool(serverUrl).query(`drop database if exists ${name} with (force)`);
    },
  };
}
