/**
 * Prints the figures the benches recorded (recordFigure, one JSON line each)
 * side by side: one row per bench and figure, its SQLite value and its
 * PostgreSQL value, each with its ratio to its own dialect's baseline.
 *
 *   node bench/table.ts results.jsonl
 */
import { readFileSync } from 'node:fs';
import type { BenchFigure } from './databases.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/table.ts results.jsonl');
const figures = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as BenchFigure);

const number = (n: number) =>
  n.toLocaleString('en', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2 });
const cell = (f: BenchFigure | undefined) =>
  f ? `${number(f.value)} ${f.unit}${f.ratio === null ? '' : ` (${number(f.ratio)}×)`}` : '—';

const rows = new Map<
  string,
  { bench: string; figure: string; size: Set<string>; sqlite?: BenchFigure; postgres?: BenchFigure }
>();
for (const f of figures) {
  const key = `${f.bench}: ${f.figure}`;
  const row = rows.get(key) ?? { bench: f.bench, figure: key, size: new Set<string>() };
  row.size.add(f.size);
  row[f.dialect] = f;
  rows.set(key, row);
}
// Each bench's rows together, benches in the order they ran (a figure one dialect lacks would trail otherwise).
const benchOrder = [...new Set(figures.map((f) => f.bench))];
const ordered = [...rows.values()].sort((a, b) => benchOrder.indexOf(a.bench) - benchOrder.indexOf(b.bench));
const table = [
  ['figure', 'size', 'SQLite (ratio to its baseline)', 'PostgreSQL (ratio to its baseline)'],
  ...ordered.map((r) => [r.figure, [...r.size].join(' / '), cell(r.sqlite), cell(r.postgres)]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
const line = (row: string[]) => `| ${row.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
console.log(line(table[0]!));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
console.log(
  '\nRatios as each bench states them (against raw better-sqlite3 on SQLite, raw pg on PostgreSQL); see README.md § Benchmarks.',
);
