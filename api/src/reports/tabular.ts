import { writeCsv, writeXlsx, type XlsxCell } from './off-thread.ts';

/**
 * One table, two downloads: CSV (UTF-8 with a BOM, so Excel in a Chinese
 * locale reads it right) and XLSX with typed cells. Text that a spreadsheet
 * could take for a formula (=, +, -, @, tab or CR first) is neutralised with a
 * leading apostrophe in both; numbers stay numbers. Both are written in a
 * worker thread (a group's scores are 30,000 rows).
 */
export type TableCell = string | number | null;
export type Table = { header: readonly string[]; rows: readonly (readonly TableCell[])[] };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export const neutralise = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const cellText = (v: TableCell): string | number => (typeof v === 'string' ? neutralise(v) : (v ?? ''));

/** Workbook cells: a bold head, neutralised text (written as text, never evaluated), a number in a format. */
export const headerCells = (cols: readonly string[]): XlsxCell[] =>
  cols.map((value) => ({ value: neutralise(value), fontWeight: 'bold' as const }));
export const textCell = (value: string | null | undefined) => ({ value: neutralise(value ?? '') });
export const numberCell = (value: number | null, format?: string): XlsxCell =>
  value === null ? null : { value, ...(format ? { format } : {}) };

export async function csvText(t: Table): Promise<string> {
  return '\uFEFF' + (await writeCsv([t.header.map(neutralise), ...t.rows.map((r) => r.map(cellText))]));
}

export function xlsxBytes(t: Table, sheet?: string): Promise<Uint8Array<ArrayBuffer>> {
  const data: XlsxCell[][] = [
    headerCells(t.header),
    ...t.rows.map((r) => r.map((v) => (typeof v === 'string' ? textCell(v) : numberCell(v)))),
  ];
  return writeXlsx([{ data, ...(sheet ? { sheet } : {}) }]);
}
