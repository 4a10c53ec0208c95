import { scopeOf, type Actor } from './access.ts';
import { assignablePositions } from './employee-changes.ts';
import {
  EMPLOYEE_COLUMNS,
  HOUSEHOLD_COLUMNS,
  projectIndex,
  regionIndex,
  STATUS_VALUES,
  type ImportRefs,
} from './import-rows.ts';
import {
  HOUSEHOLD_STAGE_LABELS,
  HOUSEHOLD_STAGES,
  LINE_LABELS,
  LINES,
  POSITION_LABELS,
  POSITIONS,
  type Position,
} from './org.ts';

/**
 * What an import expects, column by column, for the import page and the
 * downloadable template: the header the importer reads, whether the column is
 * required, what goes in it, and the values the importer may use there
 * (restricted to what they may import into: a regional role sees its region).
 */
export type ImportKind = 'employees' | 'households';
export const IMPORT_KINDS: readonly ImportKind[] = ['employees', 'households'];

type Label = { zh: string; en: string };

/** What a column refers to, when its values come from a list. `person`: employees, listed on the organisation pages. */
export type ColumnRefers = 'region' | 'project' | 'position' | 'line' | 'status' | 'stage' | 'person';

export type ImportColumn = { key: string; required: boolean; description: Label; refers?: ColumnRefers };

export const IMPORT_COLUMN_NAMES: Record<ImportKind, Record<string, readonly string[]>> = {
  employees: EMPLOYEE_COLUMNS,
  households: HOUSEHOLD_COLUMNS,
};

export const IMPORT_GUIDE: Record<ImportKind, readonly ImportColumn[]> = {
  employees: [
    {
      key: 'employeeNo',
      required: true,
      description: {
        zh: '员工的唯一编号：字母、数字、- 或 _，最多 32 位；已有的工号更新该员工',
        en: 'The person’s unique number: letters, digits, - or _, up to 32; a number that exists updates that person',
      },
    },
    { key: 'name', required: true, description: { zh: '最多 32 个字', en: 'Up to 32 characters' } },
    {
      key: 'line',
      required: false,
      refers: 'line',
      description: { zh: '职能条线：名称或编码', en: 'Functional line: its name or code' },
    },
    {
      key: 'position',
      required: true,
      refers: 'position',
      description: {
        zh: '岗位：名称或编码；只能设置您有权设置的岗位',
        en: 'Position: its name or code; only positions you may assign',
      },
    },
    {
      key: 'regionCode',
      required: false,
      refers: 'region',
      description: {
        zh: '区域名称或编码；区域类岗位与区域办公室员工必填',
        en: 'The region’s name or code; required for regional positions and regional-office staff',
      },
    },
    {
      key: 'projectCode',
      required: false,
      refers: 'project',
      description: {
        zh: '项目名称（或“名称 分期”）或编码；项目总必填；须属于所填区域；同名项目请填编码',
        en: 'The project’s name (or "name phase") or code; required for project heads; must be in the region given; use the code when two projects share a name',
      },
    },
    {
      key: 'managerNo',
      required: false,
      refers: 'person',
      description: {
        zh: '上级的工号或姓名（可为本文件中的工号）；人员名单见「组织架构」；重名请填工号',
        en: 'The manager’s employee number or name (a number in this file will do); people are listed under Organisation; use the number when two share a name',
      },
    },
    {
      key: 'status',
      required: false,
      refers: 'status',
      description: { zh: '在职或离职；不填为在职', en: 'Active or left; empty means active' },
    },
    { key: 'email', required: false, description: { zh: '电子邮箱', en: 'Email address' } },
    {
      key: 'phone',
      required: false,
      description: { zh: '手机号或座机（如 021-12345678）', en: 'Mobile or landline (e.g. 021-12345678)' },
    },
  ],
  households: [
    {
      key: 'projectCode',
      required: true,
      refers: 'project',
      description: {
        zh: '项目名称（或“名称 分期”）或编码；同名项目请填编码',
        en: 'The project’s name (or "name phase") or code; use the code when two projects share a name',
      },
    },
    {
      key: 'building',
      required: true,
      description: {
        zh: '楼栋，最多 16 个字；项目 + 楼栋–单元–房号相同的行更新该户',
        en: 'Building, up to 16 characters; a row with the same project and building–unit–room updates that household',
      },
    },
    { key: 'unit', required: true, description: { zh: '单元，最多 16 个字', en: 'Unit, up to 16 characters' } },
    { key: 'room', required: true, description: { zh: '房号，最多 16 个字', en: 'Room, up to 16 characters' } },
    {
      key: 'ownerNames',
      required: false,
      description: { zh: '业主姓名，多人用“、”“,”或“;”分隔', en: 'Owners’ names; separate several with 、 , or ;' },
    },
    {
      key: 'ownerPhones',
      required: false,
      description: { zh: '联系电话，与业主姓名顺序一致', en: 'Phone numbers, in the order of the owners' },
    },
    {
      key: 'stage',
      required: false,
      refers: 'stage',
      description: {
        zh: '客户阶段：名称或编码；不填为业主',
        en: 'The household’s stage: its name or code; empty means owner',
      },
    },
  ],
};

/** The header the importer reads for a column (the Chinese name), and its English alias. */
export function columnHeader(kind: ImportKind, key: string): { header: string; headerEn: string } {
  const aliases = IMPORT_COLUMN_NAMES[kind][key]!;
  return { header: aliases[0]!, headerEn: aliases.find((a) => /^[\x20-\x7e]+$/.test(a)) ?? aliases[0]! };
}

/** The columns an import cannot do without. */
export function requiredColumns(kind: ImportKind): string[] {
  return IMPORT_GUIDE[kind].filter((c) => c.required).map((c) => c.key);
}

/**
 * One allowed value: what to write (the code, or the name), what it is
 * called (`en` when English differs), what else is accepted, a note (a
 * project's phase and region), and whether the name is shared in the
 * importer's scope (then only the code will do).
 */
export type AllowedValue = {
  code: string;
  name: string;
  en?: string;
  also?: string[];
  note?: string;
  sharedName?: boolean;
};

function vocabulary<T extends string>(values: readonly T[], labels: Record<T, Label>): AllowedValue[] {
  return values.map((v) => ({ code: v, name: labels[v].zh, en: labels[v].en }));
}

/** Names that two or more of the given records share. */
function sharedNames(names: string[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const n of names) (seen.has(n) ? shared : seen).add(n);
  return shared;
}

/** The positions an importer may give, in the vocabulary's order. */
function positionsFor(importer: Actor): Position[] {
  const mine = assignablePositions(importer);
  return POSITIONS.filter((p) => mine.includes(p));
}

/**
 * The allowed values of every listed column of an import, for this importer:
 * the regions and projects of their scope, the positions they may assign,
 * the vocabularies. The manager column is not listed (people are many; the
 * organisation pages list them).
 */
export function importAllowedValues(
  kind: ImportKind,
  refs: Pick<ImportRefs, 'regions' | 'projects'>,
  importer: Actor,
): Partial<Record<ColumnRefers, AllowedValue[]>> {
  const scope = scopeOf(importer);
  const regions = regionIndex(refs, scope).allowed;
  const regionName = new Map([...refs.regions.values()].map((r) => [r.id, r.name]));
  const projects = projectIndex(refs, scope).allowed;
  const sharedRegion = sharedNames(regions.map((r) => r.name));
  const sharedProject = sharedNames(projects.map((p) => p.name));
  const projectValues = projects.map((p) => ({
    code: p.code,
    name: p.name,
    note: [p.phase, regionName.get(p.regionId)].filter(Boolean).join(' · '),
    ...(sharedProject.has(p.name) ? { sharedName: true } : {}),
  }));
  if (kind === 'households')
    return { project: projectValues, stage: vocabulary(HOUSEHOLD_STAGES, HOUSEHOLD_STAGE_LABELS) };
  return {
    line: vocabulary(LINES, LINE_LABELS),
    position: vocabulary(positionsFor(importer), POSITION_LABELS),
    region: regions.map((r) => ({
      code: r.code,
      name: r.name,
      ...(sharedRegion.has(r.name) ? { sharedName: true } : {}),
    })),
    project: projectValues,
    status: STATUS_VALUES.map((s) => ({ code: s.code, name: s.name, en: s.en, also: [...s.also] })),
  };
}

/** Where the example household of a template sits (its room is one the project has free). */
export const EXAMPLE_HOUSEHOLD = { building: '1', unit: '1' } as const;

/** What an allowed value is written as in an example row: its name, unless another record shares it. */
const written = (v: AllowedValue | undefined) => (v ? (v.sharedName ? v.code : v.name) : '');

/**
 * The example row of a template, by column key: a new person (a number no one
 * has) placed as staff where the importer may place them, or a household at
 * the given room of a project they may import into. Parsed back through the
 * importer, it is accepted.
 */
export function templateExample(
  kind: ImportKind,
  refs: Pick<ImportRefs, 'regions' | 'projects' | 'employees'>,
  importer: Actor,
  household: { room: string } = { room: '101' },
): Record<string, string> {
  const allowed = importAllowedValues(kind, refs, importer);
  if (kind === 'households') {
    const project = allowed.project?.[0];
    return {
      projectCode: written(project),
      building: EXAMPLE_HOUSEHOLD.building,
      unit: EXAMPLE_HOUSEHOLD.unit,
      room: household.room,
      ownerNames: '张三',
      ownerPhones: '13800000000',
      stage: HOUSEHOLD_STAGE_LABELS.owner.zh,
    };
  }
  const positions = positionsFor(importer);
  const position: Position = positions.includes('staff') ? 'staff' : (positions[0] ?? 'staff');
  const region = allowed.region?.[0];
  const regionId = region ? refs.regions.get(region.code)?.id : undefined;
  // Staff sit on a project of the region when it has one; regional positions sit in the region's office.
  const onProject = position === 'staff' || position === 'project_head';
  const project = onProject
    ? allowed.project?.find((p) => refs.projects.get(p.code)?.regionId === regionId)
    : undefined;
  let n = 1;
  const number = () => `X${String(n).padStart(4, '0')}`;
  while (refs.employees.has(number())) n++;
  return {
    employeeNo: number(),
    name: '张三',
    line: LINE_LABELS.engineering.zh,
    position: POSITION_LABELS[position].zh,
    regionCode: written(region),
    projectCode: written(project),
    managerNo: '',
    status: STATUS_VALUES[0].name,
    email: 'zhangsan@example.com',
    phone: '13800000000',
  };
}
