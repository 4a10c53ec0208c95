/**
 * A database's refusal of a write, in words both dialects share: which kind
 * of constraint, on which table and columns (or which named index or
 * constraint), and, for a trigger that refused, its message (the rule's
 * code). Each dialect module reads its driver's errors into this; services
 * map it to the rule it enforces, never a driver's error code.
 */
export type ConstraintViolation = {
  kind: 'unique' | 'foreign_key' | 'check' | 'not_null' | 'refused';
  table: string | undefined;
  columns: string[];
  /** The index or constraint named by the database, when it names one. */
  constraint: string | undefined;
  message: string;
};

/** True when the violation is a unique one on `table` covering `column` (or naming an index that contains `name`). */
export function isUniqueOn(v: ConstraintViolation, table: string, column?: string): boolean {
  if (v.kind !== 'unique') return false;
  if (v.table === table && (column === undefined || v.columns.includes(column))) return true;
  return (
    v.constraint !== undefined &&
    v.constraint.startsWith(table) &&
    (column === undefined || v.constraint.includes(column))
  );
}
