import { stringify } from 'csv-stringify/sync';
import writeXlsxFile from 'write-excel-file/node';

/**
 * One table, two downloads: CSV (UTF-8 with a BOM, so Excel in a Chinese
 * locale reads it right) and XLSX with typed cells. Text that a spreadsheet
 * could take for a formula (=, +, -, @, tab or CR first) is neutralised with a
 * leading apostrophe in both; numbers stay numbers.
 */
export type TableCell = string | number | null;
export type Table = { header: readonly string[]; rows: readonly (readonly TableCell[])[] };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export const neutralise = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const cellText = (v: TableCell): string | number => (typeof v === 'string' ? neutralise(v) : (v ?? ''));

export function csvText(t: Table): string {
  return '\uFEFF' + stringify([t.header.map(neutralise), ...t.rows.map((r) => r.map(cellText))]);
}

export async function xlsxBytes(t: Table, sheet?: string): Promise<Uint8Array<ArrayBuffer>> {
  const data = [
    t.header.map((value) => ({ value: neutralise(value), fontWeight: 'bold' as const })),
    ...t.rows.map((r) =>
      r.map((v) => (v === null ? null : typeof v === 'number' ? { value: v } : { value: neutralise(v), type: String })),
    ),
  ];
  const bytes = await writeXlsxFile(data as never, sheet ? { sheet } : {}).toBuffer();
  return new Uint8Array(bytes);
}
