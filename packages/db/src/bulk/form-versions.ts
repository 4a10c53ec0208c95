import type { Db } from '../open.ts';
import {
  formVersionQuery,
  publishedVersionCache,
  toFormVersion,
  type FormVersion,
  type FormVersionRow,
} from '../repositories/forms.ts';

/**
 * A form version for synchronous work inside `exclusive` (scoring reads the
 * version of every visit of a period), through the same cache as
 * `getFormVersion`: the query is the repository's, run on the raw driver.
 * SQLite only, as the synchronous work it serves is: PostgreSQL has no
 * synchronous driver, so work there reads with `getFormVersion` (async,
 * same cache) in its transaction.
 */
export function getFormVersionSync(db: Db, id: number): FormVersion | undefined {
  const cache = publishedVersionCache(db);
  const hit = cache.get(id);
  if (hit) return hit;
  if (db.dialect !== 'sqlite') throw new Error('getFormVersionSync is for synchronous SQLite work; use getFormVersion');
  const compiled = formVersionQuery(db.kysely).where('v.id', '=', id).compile();
  const row = db.sqlite.prepare<unknown[], FormVersionRow>(compiled.sql).get(...compiled.parameters);
  const version = row && toFormVersion(row);
  if (version?.status === 'published') cache.set(id, version);
  return version;
}
