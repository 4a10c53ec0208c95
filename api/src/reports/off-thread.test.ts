import { afterAll, describe, expect, it } from 'vitest';
import { closeFileWorkers, readCsvCells, readXlsxCells, writeXlsx } from './off-thread.ts';
import { csvText, xlsxBytes } from './tabular.ts';

afterAll(closeFileWorkers);

const header = ['工号', '姓名', '得分', '备注'];
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => [`e${String(i).padStart(6, '0')}`, `员工${i}`, i % 100, i % 7 ? null : '=1+1']);

describe('spreadsheet files in a worker thread', () => {
  it('writes a table that reads back as written: text as text, formulas neutralised, numbers as numbers', async () => {
    const table = { header, rows: rows(50) };
    const cells = await readXlsxCells(await xlsxBytes(table, '得分'));
    expect(cells[0]).toEqual(header);
    expect(cells).toHaveLength(51);
    expect(cells[1]).toEqual(['e000000', '员工0', '0', "'=1+1"]);
    expect(cells[2]).toEqual(['e000001', '员工1', '1', '']);
    const csv = await csvText(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(await readCsvCells(csv.slice(1))).toEqual(cells);
  });

  it('keeps the calling thread free while a large workbook is written', async () => {
    // 30,000 rows took about 3 s on the request thread; here ten turns of the event loop pass before it is done.
    let done = false;
    const written = writeXlsx([{ data: rows(30_000).map((r) => r.map((value) => ({ value }))) }]).then((bytes) => {
      done = true;
      return bytes;
    });
    let turns = 0;
    while (!done && turns < 10) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      turns++;
    }
    expect(done).toBe(false);
    expect(turns).toBe(10);
    expect((await readXlsxCells(await written)).length).toBe(30_000);
  });

  it('answers a file it cannot read with the reader’s error, and goes on working', async () => {
    await expect(readXlsxCells(new TextEncoder().encode('PK\u0003\u0004 not a zip'))).rejects.toThrow(Error);
    expect(await readCsvCells('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
