import { page } from '$app/state';
import type { Locale } from '@frontline/core';
import i18next from 'i18next';
import { en } from './en.ts';
import type { MessageKey } from './keys.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey } from './keys.ts';

/** The shape of zh-CN.ts with any text: en.ts is declared as this, so a key missing from it, or one zh-CN.ts lacks, is a type error. */
type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;

i18next.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
});

/** The page's language; it comes from the root layout's data, so it is per request on the server. */
export function currentLocale(): Locale {
  return (page.data as { locale?: Locale }).locale ?? 'zh-CN';
}

/** Translates a dotted key in the page's language; only keys the messages define typecheck. */
export function t(key: MessageKey, options: Record<string, unknown> = {}): string {
  return i18next.t(key, { ...options, lng: currentLocale() });
}

/** Picks the label of a vocabulary entry (position, line, stage…) in the page's language. */
export function label(labels: Record<string, { zh: string; en: string }>, key: string | null | undefined): string {
  if (!key) return '—';
  const entry = labels[key];
  if (!entry) return key;
  return currentLocale() === 'en' ? entry.en : entry.zh;
}

/** A {zh, en} text (form labels, category names) in the page's language. */
export function text(l: { zh: string; en: string } | null | undefined): string {
  if (!l) return '';
  return currentLocale() === 'en' ? l.en : l.zh;
}

const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** An audit action's label in the page's language; a code no longer written (older entries) shows as itself. */
export function auditActionText(code: string): string {
  return (MESSAGES[currentLocale()].audit.actions as Record<string, string>)[code] ?? code;
}

/** The kind of record an audit entry is about, in the page's language. */
export function auditEntityText(entity: string): string {
  return (MESSAGES[currentLocale()].audit.entities as Record<string, string>)[entity] ?? entity;
}

/** 「：」 or ": ", between a label and what follows it. */
export function colon(): string {
  return t('punct.colon');
}

/** Items one after another: 「甲、乙」 or "A, B". */
export function list(items: readonly string[]): string {
  return items.join(t('punct.listSeparator'));
}

/** An aside after a name: 「张三（工程）」 or "Zhang San (Engineering)". */
export function paren(inner: string): string {
  return `${t('punct.openParen')}${inner}${t('punct.closeParen')}`;
}
