/** Asia/Shanghai is UTC+8 all year (no daylight saving), so the offset is a constant. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar date in Shanghai of an instant, as 'YYYY-MM-DD'. */
export function shanghaiDate(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The clock time in Shanghai of an instant, as 'HH:MM'. */
export function shanghaiClock(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}
