import { employeeInScope, projectInScope, regionInScope, scopeOf, type Actor, type Scope } from './access.ts';
import {
  assignablePositions,
  mayManageEmployee,
  placementProblem,
  type EmployeeChangeProblem,
  type EmployeeUnit,
} from './employee-changes.ts';
import { HOUSEHOLD_STAGES, LINES, LINE_LABELS, POSITIONS, POSITION_LABELS, HOUSEHOLD_STAGE_LABELS } from './org.ts';
import type { HouseholdStage, Line, Position } from './org.ts';
import { nearest, referenceIndex, type Nameable, type RefChoice, type ReferenceIndex } from './import-references.ts';
import type { Locale } from './result.ts';

/**
 * Row validation for employee and household imports. Every row is checked
 * before anything is written; each problem names its line (header = line 1).
 */

export type RawRow = Record<string, string>;

export type RowErrorCode =
  | 'required'
  | 'unknown_value'
  | 'bad_format'
  | 'duplicate_in_file'
  | 'unknown_reference'
  | 'out_of_scope'
  | 'not_weekend'
  | 'not_assignable'
  | 'not_allowed_for_position'
  | 'not_in_region'
  | 'ambiguous_name'
  | 'self';

/**
 * One problem of one cell. A reference that found nothing carries the nearest
 * allowed values (`choices`; every allowed value when `allChoices`) and where
 * the full list is (`fullList`: the template's allowed-values sheet, or the
 * organisation pages for people); an ambiguous name carries the records that
 * share it, whose codes the row should use instead.
 */
export type RowError = {
  line: number;
  column: string;
  code: RowErrorCode;
  value: string;
  choices?: readonly RefChoice[];
  allChoices?: boolean;
  fullList?: 'template' | 'org';
};

/**
 * A checked employee row. The unit is resolved to ids (kept from the stored
 * person when the file has neither a region nor a project column); optional
 * fields are undefined when the file has no column for them, so an import
 * never wipes what it does not mention.
 */
export type EmployeeImport = {
  employeeNo: string;
  name: string;
  position: Position;
  regionId: number | null;
  projectId: number | null;
  line?: Line | null;
  managerNo?: string | null;
  active?: boolean;
  email?: string | null;
  phone?: string | null;
};

export type HouseholdImport = {
  projectCode: string;
  building: string;
  unit: string;
  room: string;
  ownerNames: string[];
  ownerPhones: string[];
  stage: HouseholdStage;
};

/** Column names users may write, Chinese or English, mapped to field keys. */
export const EMPLOYEE_COLUMNS = {
  employeeNo: ['工号', 'employee_no', 'employee no'],
  name: ['姓名', 'name'],
  line: ['条线', 'line'],
  position: ['岗位', 'position'],
  regionCode: ['区域', '区域编码', 'region'],
  projectCode: ['项目', '项目编码', 'project'],
  managerNo: ['上级工号', 'manager_no', 'manager'],
  status: ['状态', 'status'],
  email: ['邮箱', 'email'],
  phone: ['手机', 'phone'],
} as const;

export const HOUSEHOLD_COLUMNS = {
  projectCode: ['项目', '项目编码', 'project'],
  building: ['楼栋', 'building'],
  unit: ['单元', 'unit'],
  room: ['房号', 'room'],
  ownerNames: ['业主姓名', 'owners', 'owner_names'],
  ownerPhones: ['联系电话', '电话', 'phones', 'owner_phones'],
  stage: ['阶段', 'stage'],
} as const;

type Columns = Record<string, readonly string[]>;

/** Maps a header row onto field keys; unknown headers are ignored. */
export function mapHeader<C extends Columns>(header: string[], columns: C): Partial<Record<keyof C, number>> {
  const found: Partial<Record<keyof C, number>> = {};
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    for (const key of Object.keys(columns) as (keyof C)[]) {
      if (columns[key]!.some((alias) => alias.toLowerCase() === name)) found[key] ??= index;
    }
  });
  return found;
}

export function missingColumns<C extends Columns>(
  mapping: Partial<Record<keyof C, number>>,
  required: (keyof C)[],
  columns: C,
): string[] {
  return required.filter((key) => mapping[key] === undefined).map((key) => columns[key]![0]!);
}

/** Accepts the code (engineering) or the Chinese label (工程). */
function parseEnum<T extends string>(
  value: string,
  values: readonly T[],
  labels: Record<T, { zh: string; en: string }>,
): T | null {
  const v = value.trim();
  for (const option of values) {
    if (option === v || labels[option].zh === v || labels[option].en.toLowerCase() === v.toLowerCase()) return option;
  }
  return null;
}

const PHONE = /^(\+?86)?1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LIST_SEPARATOR = /[、,，;；/]/;

/** Blank lines inside a sheet are skipped, not reported. */
function isBlankRow(row: RawRow): boolean {
  return Object.values(row).every((v) => v.trim() === '');
}

function splitList(value: string): string[] {
  return value
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What rows may refer to: every region and project by code (with their
 * names, which cells may use instead), and every existing employee by number
 * with where they sit. Whether the importer may use a reference is decided
 * row by row against the importer (see employee-changes.ts), so a row outside
 * their scope says so.
 */
export type ImportRefs = {
  regions: ReadonlyMap<string, RegionRef>;
  projects: ReadonlyMap<string, ProjectRef>;
  employees: ReadonlyMap<string, StoredEmployee>;
};

export type RegionRef = { id: number; name: string };
export type ProjectRef = { id: number; regionId: number; name: string; phase?: string };
export type StoredEmployee = EmployeeUnit & { id: number; active?: boolean; name?: string };

/** A project is called by its name, or by its name and phase (海棠华庭一期, 海棠华庭 一期). */
export function projectNames(p: Pick<ProjectRef, 'name' | 'phase'>): string[] {
  return p.phase ? [p.name, `${p.name}${p.phase}`, `${p.name} ${p.phase}`] : [p.name];
}

/** How a project is shown where codes are offered: its name and phase. */
export function projectLabel(p: Pick<ProjectRef, 'name' | 'phase'>): string {
  return p.phase ? `${p.name} ${p.phase}` : p.name;
}

type Region = RegionRef & Nameable & { label: string };
type Project = ProjectRef & Nameable & { label: string };
type Person = StoredEmployee & Nameable & { label: string };

/** The regions an importer may place people in (their scope), by code or name. */
export function regionIndex(refs: Pick<ImportRefs, 'regions'>, scope: Scope): ReferenceIndex<Region> {
  const records = [...refs.regions].map(([code, r]) => ({ ...r, code, names: [r.name], label: r.name }));
  return referenceIndex(records, (r) => regionInScope(scope, r.id));
}

/** The projects an importer may import into (their scope), by code, name, or name and phase. */
export function projectIndex(refs: Pick<ImportRefs, 'projects'>, scope: Scope): ReferenceIndex<Project> {
  const records = [...refs.projects].map(([code, p]) => ({
    ...p,
    code,
    names: projectNames(p),
    label: projectLabel(p),
  }));
  return referenceIndex(records, (p) => projectInScope(scope, p));
}

/** Active people in the importer's scope, by employee number or name (for the manager column). */
function personIndex(refs: Pick<ImportRefs, 'employees'>, importer: Actor): ReferenceIndex<Person> {
  const records = [...refs.employees].map(([code, e]) => ({
    ...e,
    code,
    names: e.name ? [e.name] : [],
    label: e.name ?? code,
  }));
  return referenceIndex(records, (e) => e.active !== false && employeeInScope(importer, e));
}

const choiceOf = (r: { code: string; label: string }): RefChoice => ({ code: r.code, name: r.label });

type Fail = (code: RowErrorCode, extra?: Pick<RowError, 'choices' | 'allChoices' | 'fullList'>) => void;

/**
 * The record a cell names: by code, else by exact name in the importer's
 * scope. Otherwise the cell fails (ambiguous, outside the scope, or unknown
 * with the nearest allowed values) and the answer is undefined.
 */
function lookUp<T extends Nameable & { label: string }>(
  index: ReferenceIndex<T>,
  value: string,
  fail: Fail,
  fullList: 'template' | 'org' = 'template',
): T | undefined {
  const found = index.resolve(value);
  switch (found.kind) {
    case 'found':
      return found.record;
    case 'ambiguous':
      fail('ambiguous_name', { choices: found.matches.map(choiceOf) });
      return undefined;
    case 'out_of_scope':
      fail('out_of_scope');
      return undefined;
    case 'unknown': {
      const { choices, all } = index.suggest(value);
      fail('unknown_reference', { choices: choices.map(choiceOf), allChoices: all, fullList });
      return undefined;
    }
  }
}

/** A vocabulary's values as choices: the code to write, the Chinese label, the English one. */
function enumChoices<T extends string>(
  values: readonly T[],
  labels: Record<T, { zh: string; en: string }>,
): (RefChoice & Nameable)[] {
  return values.map((v) => ({ code: v, name: labels[v].zh, en: labels[v].en, names: [labels[v].zh, labels[v].en] }));
}

/** A value a vocabulary does not know: every allowed value when there are few, else the nearest. */
function unknownEnum(choices: (RefChoice & Nameable)[], value: string): Pick<RowError, 'choices' | 'allChoices'> {
  const list = choices.length <= 10 ? choices : nearest(value, choices);
  return {
    choices: list.map(({ code, name, en }) => ({ code, name, ...(en ? { en } : {}) })),
    allChoices: list === choices,
  };
}

export const STATUS_VALUES = [
  { code: 'active', name: '在职', en: 'active', also: ['1', 'yes'] },
  { code: 'left', name: '离职', en: 'left', also: ['0', 'no'] },
] as const;

/**
 * Where an import moves people: the regions and projects whose people join,
 * leave, move or change position (before and after), and the leavers. These
 * are re-planned after the import so households and duties are handed on.
 */
export function importMoves(
  rows: readonly EmployeeImport[],
  refs: Pick<ImportRefs, 'employees'>,
): { regionIds: number[]; projectIds: number[]; leaverNos: string[] } {
  const regionIds = new Set<number>();
  const projectIds = new Set<number>();
  const leaverNos: string[] = [];
  const add = (u: { regionId: number | null; projectId: number | null }) => {
    if (u.regionId !== null) regionIds.add(u.regionId);
    if (u.projectId !== null) projectIds.add(u.projectId);
  };
  for (const row of rows) {
    const old = refs.employees.get(row.employeeNo);
    const wasActive = old?.active ?? true;
    const isActive = row.active ?? wasActive;
    if (old && wasActive && !isActive) leaverNos.push(row.employeeNo);
    const moved =
      !old ||
      old.position !== row.position ||
      old.regionId !== row.regionId ||
      old.projectId !== row.projectId ||
      wasActive !== isActive;
    if (!moved) continue;
    add(row);
    if (old) add(old);
  }
  return { regionIds: [...regionIds], projectIds: [...projectIds], leaverNos };
}

/** Which column a placement problem belongs on. */
function placementColumn(problem: EmployeeChangeProblem, row: { projectCode: string | null }): string {
  switch (problem) {
    case 'position_not_assignable':
    case 'not_allowed':
      return 'position';
    case 'project_required':
    case 'project_not_allowed':
      return 'projectCode';
    case 'self':
      return 'employeeNo';
    default:
      return row.projectCode ? 'projectCode' : 'regionCode';
  }
}

const PLACEMENT_CODES: Record<EmployeeChangeProblem, RowErrorCode> = {
  not_allowed: 'not_assignable',
  self: 'self',
  out_of_scope: 'out_of_scope',
  position_not_assignable: 'not_assignable',
  region_required: 'required',
  project_required: 'required',
  project_not_allowed: 'not_allowed_for_position',
  region_not_allowed: 'not_allowed_for_position',
};

/**
 * Checks employee rows for an importer. Besides the format of each cell, a
 * row may change only a person the importer may manage (never themselves),
 * and place them only where the importer may (a position their role assigns,
 * inside their scope, in a unit that fits the position); a named manager must
 * be inside the importer's scope too, since a manager approves for the row.
 */
export function validateEmployeeRows(
  rows: RawRow[],
  refs: ImportRefs,
  importer: Actor,
): { rows: EmployeeImport[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const out: EmployeeImport[] = [];
  const seen = new Set<string>();
  const fileNos = new Set(rows.map((r) => (r.employeeNo ?? '').trim()).filter(Boolean));
  const scope = scopeOf(importer);
  const regions = regionIndex(refs, scope);
  const projects = projectIndex(refs, scope);
  const people = personIndex(refs, importer);
  const assignable = assignablePositions(importer);
  const positionChoices = enumChoices(
    POSITIONS.filter((p) => assignable.length === 0 || assignable.includes(p)),
    POSITION_LABELS,
  );
  const lineChoices = enumChoices(LINES, LINE_LABELS);
  const statusChoices = STATUS_VALUES.map((s) => ({ code: s.code, name: s.name, en: s.en, names: [s.name] }));
  rows.forEach((row, i) => {
    if (isBlankRow(row)) return;
    const line = i + 2;
    const before = errors.length;
    const get = (key: string) => (row[key] ?? '').trim();
    const fail = (column: string, code: RowErrorCode, value = get(column), extra?: Partial<RowError>) =>
      errors.push({ line, column, code, value, ...extra });
    const failOn =
      (column: string): Fail =>
      (code, extra) =>
        fail(column, code, get(column), extra);

    const has = (key: string) => row[key] !== undefined;
    const employeeNo = get('employeeNo');
    const existing = refs.employees.get(employeeNo);
    if (!employeeNo) fail('employeeNo', 'required');
    else if (!/^[A-Za-z0-9_-]{1,32}$/.test(employeeNo)) fail('employeeNo', 'bad_format');
    else if (seen.has(employeeNo)) fail('employeeNo', 'duplicate_in_file');
    else if (existing && existing.id === importer.employeeId) fail('employeeNo', 'self');
    else if (existing && !mayManageEmployee(importer, existing)) fail('employeeNo', 'out_of_scope');
    seen.add(employeeNo);

    const name = get('name');
    if (!name) fail('name', 'required');
    else if (Array.from(name).length > 32) fail('name', 'bad_format');

    const position = parseEnum(get('position'), POSITIONS, POSITION_LABELS);
    if (!get('position')) fail('position', 'required');
    else if (!position)
      fail('position', 'unknown_value', get('position'), unknownEnum(positionChoices, get('position')));

    const lineValue = get('line');
    const lineParsed = lineValue ? parseEnum(lineValue, LINES, LINE_LABELS) : null;
    if (lineValue && !lineParsed) fail('line', 'unknown_value', lineValue, unknownEnum(lineChoices, lineValue));

    // A region or project by its code, else by its name among those the importer may import into.
    const regionValue = get('regionCode');
    const region = regionValue ? lookUp(regions, regionValue, failOn('regionCode')) : null;
    const regionId = region === undefined ? undefined : (region?.id ?? null);
    const projectValue = get('projectCode');
    const project = projectValue ? lookUp(projects, projectValue, failOn('projectCode')) : null;
    if (project && regionId != null && project.regionId !== regionId) fail('projectCode', 'not_in_region');

    // A manager by employee number (stored or in this file), else by name among active people in scope.
    const managerValue = get('managerNo');
    let managerNo: string | null = managerValue || null;
    if (managerValue && !fileNos.has(managerValue)) {
      const manager = lookUp(people, managerValue, failOn('managerNo'), 'org');
      if (manager && !employeeInScope(importer, manager)) fail('managerNo', 'out_of_scope');
      managerNo = manager?.code ?? null;
    }

    const status = get('status');
    const statusOf = (s: (typeof STATUS_VALUES)[number]) =>
      ([s.code, s.name, s.en, ...s.also] as string[]).includes(status.toLowerCase());
    const active = !status || statusOf(STATUS_VALUES[0]);
    if (status && !active && !statusOf(STATUS_VALUES[1]))
      fail('status', 'unknown_value', status, unknownEnum(statusChoices, status));

    const email = get('email') || null;
    if (email && !EMAIL.test(email)) fail('email', 'bad_format');
    const phone = get('phone') || null;
    if (phone && !PHONE.test(phone.replace(/\s/g, ''))) fail('phone', 'bad_format');

    if (errors.length > before || !position) return;
    // Where the row puts the person, once its references are known.
    const keepUnit = existing !== undefined && !has('regionCode') && !has('projectCode');
    const unit: EmployeeUnit = keepUnit
      ? { position, regionId: existing.regionId, projectId: existing.projectId }
      : { position, regionId: project ? project.regionId : (regionId ?? null), projectId: project ? project.id : null };
    const problem = placementProblem(importer, unit);
    if (problem) {
      fail(placementColumn(problem, { projectCode: projectValue || null }), PLACEMENT_CODES[problem]);
      return;
    }
    out.push({
      employeeNo,
      name,
      position,
      regionId: unit.regionId,
      projectId: unit.projectId,
      ...(has('line') ? { line: lineParsed } : {}),
      ...(has('managerNo') ? { managerNo } : {}),
      ...(has('status') ? { active } : {}),
      ...(has('email') ? { email } : {}),
      ...(has('phone') ? { phone } : {}),
    });
  });
  return { rows: out, errors };
}

/** Checks household rows; a row may name only a project inside the importer's scope. */
export function validateHouseholdRows(
  rows: RawRow[],
  refs: Pick<ImportRefs, 'projects'>,
  importer: Actor,
): { rows: HouseholdImport[]; errors: RowError[] } {
  const scope = scopeOf(importer);
  const projects = projectIndex(refs, scope);
  const stageChoices = enumChoices(HOUSEHOLD_STAGES, HOUSEHOLD_STAGE_LABELS);
  const errors: RowError[] = [];
  const out: HouseholdImport[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (isBlankRow(row)) return;
    const line = i + 2;
    const before = errors.length;
    const get = (key: string) => (row[key] ?? '').trim();
    const fail = (column: string, code: RowErrorCode, value = get(column), extra?: Partial<RowError>) =>
      errors.push({ line, column, code, value, ...extra });

    // The project by its code, else by its name among the projects the importer may import into.
    const projectValue = get('projectCode');
    const project = projectValue
      ? lookUp(projects, projectValue, (code, extra) => fail('projectCode', code, projectValue, extra))
      : undefined;
    if (!projectValue) fail('projectCode', 'required');
    else if (project && !projectInScope(scope, project)) fail('projectCode', 'out_of_scope');
    const projectCode = project?.code ?? projectValue;
    for (const key of ['building', 'unit', 'room'] as const) {
      const v = get(key);
      if (!v) fail(key, 'required');
      else if (v.length > 16) fail(key, 'bad_format');
    }
    const key = [projectCode, get('building'), get('unit'), get('room')].join('|');
    if (seen.has(key)) fail('room', 'duplicate_in_file');
    seen.add(key);

    const ownerNames = splitList(get('ownerNames'));
    const ownerPhones = splitList(get('ownerPhones'));
    const bad = ownerPhones.find((p) => !PHONE.test(p.replace(/\s/g, '')));
    if (bad) fail('ownerPhones', 'bad_format', bad);
    if (ownerNames.some((n) => Array.from(n).length > 32)) fail('ownerNames', 'bad_format');

    const stageValue = get('stage');
    const stage = stageValue ? parseEnum(stageValue, HOUSEHOLD_STAGES, HOUSEHOLD_STAGE_LABELS) : 'owner';
    if (!stage) fail('stage', 'unknown_value', stageValue, unknownEnum(stageChoices, stageValue));

    if (errors.length === before && stage) {
      out.push({
        projectCode,
        building: get('building'),
        unit: get('unit'),
        room: get('room'),
        ownerNames,
        ownerPhones,
        stage,
      });
    }
  });
  return { rows: out, errors };
}

const ROW_ERROR_TEXT: Record<RowErrorCode, { zh: string; en: string }> = {
  required: { zh: '必填', en: 'required' },
  unknown_value: { zh: '取值无法识别', en: 'value not recognised' },
  bad_format: { zh: '格式不正确', en: 'bad format' },
  duplicate_in_file: { zh: '文件内重复', en: 'duplicated in the file' },
  unknown_reference: { zh: '找不到此编码或名称', en: 'no record has this code or name' },
  ambiguous_name: {
    zh: '名称对应多条记录，请改填编码',
    en: 'more than one record has this name; write the code instead',
  },
  out_of_scope: { zh: '超出您的管理范围', en: 'outside your scope' },
  not_weekend: { zh: '调休上班日应为周六或周日', en: 'a make-up working day must fall on a weekend' },
  not_assignable: { zh: '您无权设置该岗位', en: 'you may not assign this position' },
  not_allowed_for_position: { zh: '该岗位不应填写此项', en: 'must be empty for this position' },
  not_in_region: { zh: '项目不属于所填区域', en: 'the project is not in the given region' },
  self: { zh: '不能通过导入修改您本人的记录', en: 'you cannot change your own record by import' },
};

/** The sheet of an import template that lists the allowed values (Excel allows no "/" in a sheet name). */
export const ALLOWED_VALUES_SHEET = '允许的值 (Allowed values)';

const FULL_LIST_TEXT = {
  template: {
    zh: '完整列表见导入模板的“允许的值”表',
    en: 'the full list is on the template\'s "Allowed values" sheet',
  },
  org: { zh: '人员名单见「组织架构」', en: 'the people are listed under Organisation' },
} as const;

function choiceText(c: RefChoice, locale: Locale): string {
  return locale === 'en' ? `${c.en ?? c.name} (${c.code})` : `${c.name}（${c.code}）`;
}

/** A row error as the user reads it, in their language, with what to write instead where the row can know it. */
export function describeRowError(error: RowError, columns: Columns, locale: Locale): string {
  // The first alias is the Chinese column name; English readers get the first one written in ASCII.
  const en = locale === 'en';
  const aliases = columns[error.column];
  const label = (en ? aliases?.find((a) => /^[\x20-\x7e]+$/.test(a)) : aliases?.[0]) ?? error.column;
  const choices = error.choices ?? [];
  const join = (list: string[]) => list.join(en ? ', ' : '、');
  if (error.code === 'ambiguous_name') {
    const codes = join(choices.map((c) => (en ? `${c.code} (${c.en ?? c.name})` : `${c.code}（${c.name}）`)));
    return en
      ? `line ${error.line}, ${label}: more than one record is named "${error.value}"; write the code instead: ${codes}`
      : `第 ${error.line} 行「${label}」名称“${error.value}”对应多条记录，请改填编码：${codes}`;
  }
  const text = ROW_ERROR_TEXT[error.code][en ? 'en' : 'zh'];
  const shown = error.value ? (en ? ` ("${error.value}")` : `（“${error.value}”）`) : '';
  const list = join(choices.map((c) => choiceText(c, locale)));
  const more: string[] = [];
  if (error.allChoices && choices.length === 0)
    more.push(en ? 'there is nothing you may choose here' : '您的范围内没有可填的值');
  else if (error.allChoices) more.push(en ? `allowed: ${list}` : `可填：${list}`);
  else {
    if (list) more.push(en ? `nearest: ${list}` : `最接近的：${list}`);
    if (error.fullList) more.push(FULL_LIST_TEXT[error.fullList][en ? 'en' : 'zh']);
  }
  const tail = more.map((m) => (en ? `; ${m}` : `；${m}`)).join('');
  return en
    ? `line ${error.line}, ${label}: ${text}${shown}${tail}`
    : `第 ${error.line} 行「${label}」${text}${shown}${tail}`;
}

/**
 * The day a person left, after an import row: a row making them inactive
 * marks today (or keeps the day they already left), one making them active
 * clears it, and a file without the status column leaves it as it is.
 */
export function leftOnAfterImport(
  stored: { active: boolean; leftOn: string | null },
  active: boolean | undefined,
  today: string,
): string | null {
  if (active === undefined) return stored.leftOn;
  if (active) return null;
  return stored.active ? today : stored.leftOn;
}
