/**
 * How an import cell finds the record it names (a region, a project, a
 * manager): by its code first, then by an exact name. A name is looked up
 * among the records the importer may import into; two of them with that name
 * make the cell ambiguous, and the row must use a code instead. A value that
 * finds nothing gets the nearest allowed values, so the row error can say what
 * was probably meant.
 */

/** A record as import cells may name it: one code, one or more exact names. */
export type Nameable = { code: string; names: readonly string[] };

/** A value offered to the user: what to write (the code) and what it is called (`en`: in English, when it differs). */
export type RefChoice = { code: string; name: string; en?: string };

export type Resolution<T> =
  | { kind: 'found'; record: T }
  /** Two or more records in scope carry the name: the codes to use instead. */
  | { kind: 'ambiguous'; matches: T[] }
  /** The name is carried only by several records outside the importer's scope. */
  | { kind: 'out_of_scope' }
  | { kind: 'unknown' };

/** The records of one kind, indexed once per file: by code, and by name. */
export type ReferenceIndex<T extends Nameable> = {
  resolve(value: string): Resolution<T>;
  /** The records the importer may use, in their given order. */
  readonly allowed: readonly T[];
  /** The allowed values nearest to a value that found nothing (all of them when there are few). */
  suggest(value: string): { choices: T[]; all: boolean };
};

/** When the allowed values are this few, an error lists all of them. */
const LIST_ALL_UP_TO = 5;
const NEAREST = 3;
const MIN_SIMILARITY = 0.4;
/** Distinct unknown values worked out in one file; later ones just say where the list is. */
const SUGGEST_AT_MOST = 200;

export function referenceIndex<T extends Nameable>(
  records: Iterable<T>,
  inScope: (record: T) => boolean,
  options: { listAllUpTo?: number } = {},
): ReferenceIndex<T> {
  const byCode = new Map<string, T>();
  const inScopeByName = new Map<string, T[]>();
  const outOfScopeByName = new Map<string, T[]>();
  const allowed: T[] = [];
  for (const record of records) {
    byCode.set(record.code, record);
    const mine = inScope(record);
    if (mine) allowed.push(record);
    const index = mine ? inScopeByName : outOfScopeByName;
    for (const name of new Set(record.names)) {
      if (!name) continue;
      const list = index.get(name);
      if (list) list.push(record);
      else index.set(name, [record]);
    }
  }
  const listAllUpTo = options.listAllUpTo ?? LIST_ALL_UP_TO;
  const suggested = new Map<string, T[]>();
  return {
    allowed,
    resolve(value) {
      const byItsCode = byCode.get(value);
      if (byItsCode) return { kind: 'found', record: byItsCode };
      const mine = inScopeByName.get(value) ?? [];
      if (mine.length === 1) return { kind: 'found', record: mine[0]! };
      if (mine.length > 1) return { kind: 'ambiguous', matches: mine };
      const others = outOfScopeByName.get(value) ?? [];
      // One record outside the scope is found, so the row says "outside your scope" as it would for its code.
      if (others.length === 1) return { kind: 'found', record: others[0]! };
      if (others.length > 1) return { kind: 'out_of_scope' };
      return { kind: 'unknown' };
    },
    suggest(value) {
      if (allowed.length <= listAllUpTo) return { choices: allowed, all: true };
      let choices = suggested.get(value);
      if (!choices) {
        choices = suggested.size < SUGGEST_AT_MOST ? nearest(value, allowed) : [];
        suggested.set(value, choices);
      }
      return { choices, all: false };
    },
  };
}

/** The few records whose code or a name is most like the value. */
export function nearest<T extends Nameable>(value: string, records: readonly T[], limit = NEAREST): T[] {
  return records
    .map((record, order) => ({
      record,
      order,
      score: Math.max(cellSimilarity(value, record.code), ...record.names.map((n) => cellSimilarity(value, n))),
    }))
    .filter((s) => s.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((s) => s.record);
}

/**
 * How alike two cell values are, from 0 to 1, ignoring case: one inside the
 * other (华东 in 华东区域) scores by how much of the longer it covers, from ½
 * up; otherwise the share of characters an edit distance keeps.
 */
export function cellSimilarity(a: string, b: string): number {
  const x = Array.from(a.trim().toLowerCase());
  const y = Array.from(b.trim().toLowerCase());
  if (x.length === 0 || y.length === 0) return 0;
  const longer = Math.max(x.length, y.length);
  const [s, t] = [x.join(''), y.join('')];
  const contained = s.includes(t) || t.includes(s) ? 0.5 + (0.5 * Math.min(x.length, y.length)) / longer : 0;
  return Math.max(contained, 1 - editDistance(x, y) / longer);
}

function editDistance(x: readonly string[], y: readonly string[]): number {
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}
