// Drops and recreates the e2e run's PostgreSQL database (named in the URL given), so the
// server started after it migrates and seeds the demo into an empty one, as it does a new SQLite file.
import pg from 'pg';

const url = new URL(process.argv[2]!);
const name = url.pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
url.pathname = '/postgres';
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
await client.query(`drop database if exists ${name} with (force)`);
await client.query(`create database ${name}`);
await client.end();
