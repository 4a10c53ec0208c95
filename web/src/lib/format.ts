import { displayScore } from '@frontline/core';

/** An instant as Shanghai wall-clock date and time, the way every page prints stored timestamps. */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A score as people read it: one decimal, or a dash when there is none. */
export function scoreText(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : displayScore(x).toFixed(1);
}

/** Points of an adjustment with their sign: +2.5, −1. */
export function signedPoints(x: number): string {
  return x > 0 ? `+${displayScore(x)}` : String(displayScore(x));
}
