import { LOCALES, type Locale } from '@frontline/core';

/**
 * Reading columns into core's types without casts. A text column holding one
 * of a core union's values (a duty's kind, a run's status) is checked against
 * the union's values: a value the code does not know is damaged data, and
 * failing loudly beats letting it travel on as a lie in the type. Numeric
 * unions (a checkpoint) are read the same way.
 */
export function oneOf<const T extends string | number>(
  values: readonly T[],
  value: string | number,
  column: string,
): T {
  const known = values.find((v) => v === value);
  if (known === undefined) throw new Error(`${column}: unexpected value ${JSON.stringify(value)}`);
  return known;
}

/** An employee's language, as stored ('zh-CN' | 'en'). */
export const localeOf = (value: string, column = 'employees.language'): Locale => oneOf(LOCALES, value, column);

/** The same for a nullable column. */
export function oneOfOrNull<const T extends string>(
  values: readonly T[],
  value: string | null,
  column: string,
): T | null {
  return value === null ? null : oneOf(values, value, column);
}
