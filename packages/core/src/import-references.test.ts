import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from './access.ts';
import { cellSimilarity, nearest, referenceIndex } from './import-references.ts';
import { describeRowError, HOUSEHOLD_COLUMNS, validateHouseholdRows, type ImportRefs } from './import-rows.ts';

const record = (code: string, name: string, region = 1) => ({ code, names: [name], region });

describe('finding the record a cell names', () => {
  const index = referenceIndex(
    [
      record('P1', '滨江一号'),
      record('P2', '滨江一号'),
      record('P3', '锦城花园'),
      record('P4', '锦城花园', 2),
      record('P5', '天府', 2),
      record('P6', '天府', 2),
    ],
    (r) => r.region === 1,
  );
  it('takes a code first, then an exact name in scope', () => {
    expect(index.resolve('P4')).toEqual({ kind: 'found', record: expect.objectContaining({ code: 'P4' }) });
    expect(index.resolve('锦城花园')).toEqual({ kind: 'found', record: expect.objectContaining({ code: 'P3' }) });
  });
  it('calls a name two records in scope share ambiguous, and one outside the scope found (so the row says out of scope)', () => {
    const twice = index.resolve('滨江一号');
    expect(twice.kind === 'ambiguous' && twice.matches.map((m) => m.code)).toEqual(['P1', 'P2']);
    expect(index.resolve('天府')).toEqual({ kind: 'out_of_scope' });
  });
  it('knows nothing else, and offers only allowed values', () => {
    expect(index.resolve('滨江')).toEqual({ kind: 'unknown' });
    expect(index.suggest('滨江')).toEqual({ choices: index.allowed, all: true });
    expect(index.allowed.map((r) => r.code)).toEqual(['P1', 'P2', 'P3']);
  });
});

describe('the nearest values', () => {
  const many = ['华东区域', '华南区域', '西南区域', '华北区域', '东北区域', '西北区域', '海外区域'].map((n, i) =>
    record(`R${i}`, n),
  );
  it('ranks a value inside a name, or a few edits away, and leaves out what is unlike it', () => {
    expect(nearest('华东', many).map((r) => r.code)).toEqual(['R0']);
    expect(nearest('r1', many).map((r) => r.code)[0]).toBe('R1'); // case aside, the code itself comes first
    expect(nearest('P999', [record('P001', '滨江一号')])).toEqual([]);
    expect(cellSimilarity('滨江1号', '滨江一号')).toBe(0.75);
    expect(cellSimilarity('', '滨江一号')).toBe(0);
  });
});

describe('row errors for names', () => {
  const refs: Pick<ImportRefs, 'projects'> = {
    projects: new Map([
      ['P001', { id: 1, regionId: 1, name: '滨江一号', phase: '一期' }],
      ['P003', { id: 3, regionId: 1, name: '滨江一号', phase: '二期' }],
      ['P002', { id: 2, regionId: 2, name: '锦城花园', phase: '一期' }],
    ]),
  };
  const crEast: Actor = {
    employeeId: 5,
    position: 'cr_admin',
    line: 'customer_relations',
    regionId: 1,
    projectId: null,
  };
  const row = (project: string) => ({ projectCode: project, building: '1', unit: '1', room: '101' });
  it('resolves a name with its phase, and writes the code', () => {
    const { rows, errors } = validateHouseholdRows([row('滨江一号二期'), row('滨江一号 一期')], refs, crEast);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.projectCode)).toEqual(['P003', 'P001']);
  });
  it('treats the same address by name and by code as a duplicate in the file', () => {
    const { errors } = validateHouseholdRows([row('P002'), row('锦城花园')], refs, SYSTEM_ACTOR);
    expect(errors.map((e) => `${e.line}:${e.code}`)).toEqual(['3:duplicate_in_file']);
  });
  it('names the codes of an ambiguous name, and refuses a project outside the scope by name', () => {
    const { errors } = validateHouseholdRows([row('滨江一号'), row('锦城花园')], refs, crEast);
    expect(errors.map((e) => describeRowError(e, HOUSEHOLD_COLUMNS, 'zh-CN'))).toEqual([
      '第 2 行「项目」名称“滨江一号”对应多条记录，请改填编码：P001（滨江一号 一期）、P003（滨江一号 二期）',
      '第 3 行「项目」超出您的管理范围（“锦城花园”）',
    ]);
  });
  it('lists the stages when one is not known, in English without Chinese punctuation', () => {
    const { errors } = validateHouseholdRows([{ ...row('P001'), stage: '租户' }], refs, crEast);
    expect(describeRowError(errors[0]!, HOUSEHOLD_COLUMNS, 'en')).toBe(
      'line 2, stage: value not recognised ("租户"); allowed: Prospect (prospect), Buyer awaiting delivery (awaiting_delivery), Owner (owner)',
    );
  });
});
