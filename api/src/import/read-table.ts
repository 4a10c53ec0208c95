import type { RawRow } from '@frontline/core';
import { readCsvCells, readXlsxCells } from '../reports/off-thread.ts';

/** A spreadsheet reduced to text cells: first row is the header. */
export type Table = { header: string[]; rows: string[][] };

export class UnreadableFileError extends Error {}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP container

/**
 * Decodes CSV bytes: UTF-8 (with or without BOM) when they are valid UTF-8,
 * otherwise GB18030, which is what Excel in a Chinese locale writes.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function isBlank(row: string[]): boolean {
  return row.every((cell) => cell === '');
}

/** Reads an .xlsx (first sheet) or .csv file, in a worker thread; the format is told by content, not by name. */
export async function readTable(bytes: Uint8Array, fileName: string): Promise<Table> {
  const isXlsx = XLSX_MAGIC.every((b, i) => bytes[i] === b);
  let cells: string[][];
  try {
    if (isXlsx) {
      cells = await readXlsxCells(bytes);
    } else if (/\.xlsx?$/i.test(fileName)) {
      throw new UnreadableFileError('not a valid .xlsx file');
    } else {
      cells = await readCsvCells(decodeCsv(bytes));
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  // Keep line numbers true to the file: blank rows inside are kept as blank and skipped later.
  while (cells.length > 0 && isBlank(cells[cells.length - 1]!)) cells.pop();
  const [header, ...rows] = cells;
  if (!header || isBlank(header)) throw new UnreadableFileError('the file has no header row');
  return { header, rows };
}

/** A table's rows as the fields a header mapping names (missing cells empty). */
export function toRawRows(table: Table, mapping: Partial<Record<string, number>>): RawRow[] {
  return table.rows.map((cells) => {
    const row: RawRow = {};
    for (const [key, index] of Object.entries(mapping)) if (index !== undefined) row[key] = cells[index] ?? '';
    return row;
  });
}
