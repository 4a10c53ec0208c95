/**
 * The spreadsheet work that takes seconds on a large group, in a worker
 * thread (see off-thread.ts): building an XLSX of 30,000 rows held the
 * request thread for about 3 s, during which no other request, and no new
 * connection, was answered. Only plain data crosses in and out, so nothing
 * here may need more than its arguments.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';

/** A cell as write-excel-file takes it; text is written as text (a string value is never evaluated). */
export type XlsxCell = {
  value: string | number | null;
  fontWeight?: 'bold';
  fontStyle?: 'italic';
  textColor?: string;
  format?: string;
} | null;

export type XlsxSheet = {
  data: XlsxCell[][];
  sheet?: string;
  columns?: { width: number }[];
  stickyRowsCount?: number;
};

export type FileJob =
  | { kind: 'write-xlsx'; sheets: XlsxSheet[] }
  | { kind: 'write-csv'; rows: (string | number)[][] }
  | { kind: 'read-xlsx'; bytes: Uint8Array }
  | { kind: 'read-csv'; text: string };

/** A spreadsheet's cell as import reads it: text, dates as their day. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

export default async function run(job: FileJob): Promise<Uint8Array | string | string[][]> {
  switch (job.kind) {
    case 'write-xlsx':
      return new Uint8Array(await writeXlsxFile(job.sheets as never).toBuffer());
    case 'write-csv':
      return stringify(job.rows);
    case 'read-xlsx':
      return (await readSheet(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength))).map((row) =>
        row.map(cellText),
      );
    case 'read-csv':
      return (
        parse(job.text, {
          relax_column_count: true,
          skip_empty_lines: false,
          bom: true,
          // files pasted together from Windows and elsewhere mix line endings
          record_delimiter: ['\r\n', '\n', '\r'],
        }) as string[][]
      ).map((row) => row.map(cellText));
  }
}
