import type { zhCN } from './zh-CN.ts';

/** Every 'a.b.c' path that leads to a string in a messages object. */
export type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key `t()` can translate: one that zh-CN.ts (the first language, which en.ts must match) defines. */
export type MessageKey = LeafKeys<typeof zhCN>;
