import { describe, expect, it } from 'vitest';
import { numberedPlaceholders } from './sql.ts';

describe('numberedPlaceholders', () => {
  it('numbers each placeholder in order', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b in (?, ?)')).toBe(
      'select * from t where a = $1 and b in ($2, $3)',
    );
  });
  it('leaves question marks inside strings and quoted names alone', () => {
    expect(numberedPlaceholders(`select '?', "a?" from t where x = ? and y = 'it''s ?'`)).toBe(
      `select '?', "a?" from t where x = $1 and y = 'it''s ?'`,
    );
  });
});
