/** An instant as Shanghai wall-clock date and time, the way every page prints stored timestamps. */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
