import { afterCursorAtItsMinute, type TimelineKey, type TimelineKind } from '@frontline/core';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';

/**
 * The rows of one timeline source that come after the key in the timeline's
 * order (newest first by date and minute, then by kind, then id): earlier
 * days, earlier minutes of the key's day, and at the key's minute whatever
 * `afterCursorAtItsMinute` says of this kind. One condition for every source
 * that keeps its date and minute in two columns (visits, bookings).
 */
export function afterTimelineKey<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  kind: TimelineKind,
  k: TimelineKey,
  column: { on: Expression<string>; at: Expression<string>; id: Expression<number> },
): Expression<SqlBool> {
  const tie = afterCursorAtItsMinute(kind, k);
  const { on, at } = column;
  return eb.or([
    eb(on, '<', k.on),
    eb.and([eb(on, '=', k.on), eb(at, '<', k.at)]),
    ...(tie === 'none'
      ? []
      : [eb.and([eb(on, '=', k.on), eb(at, '=', k.at), ...(tie === 'lower-ids' ? [eb(column.id, '<', k.id)] : [])])]),
  ]);
}
