import {
  ALLOWED_VALUES_SHEET,
  IMPORT_GUIDE,
  columnHeader,
  type AllowedValue,
  type ColumnRefers,
  type ImportKind,
  type Locale,
} from '@frontline/core';
import { writeXlsx, type XlsxCell } from '../../reports/off-thread.ts';
import { textCell } from '../../reports/tabular.ts';

/**
 * An import's template as a workbook: the first sheet is what the importer
 * reads (the header row exactly as it maps it, and one example row); the
 * second lists the allowed values of every column that refers to a list,
 * restricted to what the downloading user may import into; the third says
 * what each column takes. Every cell is text (rooms like 0101 and phone
 * numbers stay as written), neutralised against formulas.
 */
const TEXT = {
  'zh-CN': {
    sheet: { employees: '员工', households: '客户（户）' },
    columnsSheet: '列说明 (Columns)',
    allowed: ['列', '名称', '编码', '也可填写', '说明'],
    columns: ['列', '英文列名', '必填', '说明'],
    yes: '必填',
    no: '选填',
    shared: '与其他记录同名：请填编码',
    people: '填写工号或姓名；人员名单见「组织架构」',
    example: '第 2 行是示例：导入前请改写或删除。名称与编码都可以填写，可用的值见“允许的值”表。',
  },
  en: {
    sheet: { employees: 'Employees', households: 'Households' },
    columnsSheet: '列说明 (Columns)',
    allowed: ['Column', 'Name', 'Code', 'Also accepted', 'Note'],
    columns: ['Column', 'English name', 'Required', 'What goes in it'],
    yes: 'required',
    no: 'optional',
    shared: 'Another record has this name: write the code',
    people: 'An employee number or name; people are listed under Organisation',
    example:
      'Line 2 is an example: change or delete it before importing. Names and codes are both accepted; the allowed values are on the "Allowed values" sheet.',
  },
} as const;

type Cell = XlsxCell;
type Style = Pick<NonNullable<XlsxCell>, 'fontWeight' | 'fontStyle' | 'textColor'>;

const text = (value: string | undefined, style: Style = {}): Cell => ({ ...textCell(value), ...style });
const bold = (value: string) => text(value, { fontWeight: 'bold' });

export async function importTemplateWorkbook(
  kind: ImportKind,
  example: Record<string, string>,
  allowed: Partial<Record<ColumnRefers, AllowedValue[]>>,
  locale: Locale,
): Promise<Uint8Array<ArrayBuffer>> {
  const t = TEXT[locale];
  const columns = IMPORT_GUIDE[kind];
  const headers = columns.map((c) => columnHeader(kind, c.key));
  const lang = locale === 'en' ? 'en' : 'zh';
  const [comma, semicolon] = locale === 'en' ? [', ', '; '] : ['、', '；'];

  const data = [
    headers.map((h) => bold(h.header)),
    columns.map((c) => text(example[c.key], { fontStyle: 'italic', textColor: '#666666' })),
  ];

  const values: Cell[][] = [t.allowed.map(bold)];
  columns.forEach((c, i) => {
    const column = headers[i]!.header;
    if (c.refers === 'person') values.push([text(column), text(''), text(''), text(''), text(t.people)]);
    else if (c.refers)
      for (const v of allowed[c.refers] ?? [])
        values.push([
          text(column),
          text(v.name),
          text(v.code),
          text([...(v.en && v.en !== v.name ? [v.en] : []), ...(v.also ?? [])].join(comma)),
          text([v.note, v.sharedName ? t.shared : undefined].filter(Boolean).join(semicolon)),
        ]);
  });

  const described: Cell[][] = [
    t.columns.map(bold),
    ...columns.map((c, i) => [
      text(headers[i]!.header),
      text(headers[i]!.headerEn),
      text(c.required ? t.yes : t.no),
      text(c.description[lang]),
    ]),
    [],
    [text(t.example)],
  ];

  return writeXlsx([
    { data, sheet: t.sheet[kind], columns: headers.map(() => ({ width: 16 })), stickyRowsCount: 1 },
    {
      data: values,
      sheet: ALLOWED_VALUES_SHEET,
      columns: [{ width: 12 }, { width: 24 }, { width: 20 }, { width: 24 }, { width: 36 }],
      stickyRowsCount: 1,
    },
    {
      data: described,
      sheet: t.columnsSheet,
      columns: [{ width: 14 }, { width: 16 }, { width: 10 }, { width: 80 }],
    },
  ]);
}
