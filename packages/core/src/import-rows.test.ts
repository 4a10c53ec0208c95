import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from './access.ts';
import {
  EMPLOYEE_COLUMNS,
  describeRowError,
  leftOnAfterImport,
  mapHeader,
  validateEmployeeRows,
  validateHouseholdRows,
  type ImportRefs,
} from './import-rows.ts';

const refs: ImportRefs = {
  regions: new Map([
    ['EAST', { id: 1, name: '华东区域' }],
    ['SOUTH', { id: 2, name: '华南区域' }],
  ]),
  projects: new Map([['P001', { id: 1, regionId: 1, name: '滨江一号', phase: '一期' }]]),
  employees: new Map([
    ['E1', { id: 1, position: 'functional_head', regionId: 1, projectId: null }],
    ['E9', { id: 9, position: 'staff', regionId: 2, projectId: null }],
  ]),
};
const admin = SYSTEM_ACTOR;
const hrEast: Actor = { employeeId: 50, position: 'hr_admin', line: 'hr', regionId: 1, projectId: null };

describe('employee rows', () => {
  it('maps Chinese and English headers to fields', () => {
    expect(mapHeader(['工号', 'Name', '岗位', 'unknown'], EMPLOYEE_COLUMNS)).toEqual({
      employeeNo: 0,
      name: 1,
      position: 2,
    });
  });
  it('accepts labels or codes and reports every bad row with its line', () => {
    const { rows, errors } = validateEmployeeRows(
      [
        { employeeNo: 'E2', name: '王伟', position: '员工', line: '工程', projectCode: 'P001', managerNo: 'E1' },
        { employeeNo: '', name: '李娜', position: 'staff', regionCode: 'EAST' },
        { employeeNo: 'E3', name: '张强', position: '厨师', regionCode: 'NOWHERE' },
        { employeeNo: '', name: '', position: '' },
        { employeeNo: 'E2', name: '重复', position: 'staff', regionCode: 'EAST', phone: '123' },
      ] as Record<string, string>[],
      refs,
      admin,
    );
    expect(rows).toEqual([
      expect.objectContaining({ employeeNo: 'E2', line: 'engineering', position: 'staff', managerNo: 'E1' }),
    ]);
    const at = errors.map((e) => `${e.line}:${e.column}:${e.code}`);
    expect(at).toContain('3:employeeNo:required');
    expect(at).toContain('4:position:unknown_value');
    expect(at).toContain('4:regionCode:unknown_reference');
    expect(at.some((a) => a.startsWith('5:'))).toBe(false); // a blank line
    expect(at).toContain('6:employeeNo:duplicate_in_file');
    expect(at).toContain('6:phone:bad_format');
  });
  it('skips blank lines without reporting them', () => {
    const { errors } = validateEmployeeRows([{ employeeNo: ' ', name: '', position: '' }], refs, admin);
    expect(errors).toEqual([]);
  });
  it('refuses changes to employees outside the importer’s scope', () => {
    const { errors } = validateEmployeeRows(
      [{ employeeNo: 'E9', name: '赵六', position: 'staff', regionCode: 'EAST' }],
      refs,
      hrEast,
    );
    expect(errors.map((e) => e.code)).toEqual(['out_of_scope']);
  });
  it('describes errors in both languages', () => {
    const e = { line: 3, column: 'employeeNo', code: 'required' as const, value: '' };
    expect(describeRowError(e, EMPLOYEE_COLUMNS, 'zh-CN')).toBe('第 3 行「工号」必填');
    expect(describeRowError(e, EMPLOYEE_COLUMNS, 'en')).toBe('line 3, employee_no: required');
  });
});

describe('household rows', () => {
  it('splits owner lists and defaults the stage to owner', () => {
    const { rows, errors } = validateHouseholdRows(
      [
        {
          projectCode: 'P001',
          building: '3',
          unit: '1',
          room: '1502',
          ownerNames: '张三、李四',
          ownerPhones: '13812345678;13987654321',
        },
      ],
      refs,
      admin,
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      ownerNames: ['张三', '李四'],
      ownerPhones: ['13812345678', '13987654321'],
      stage: 'owner',
    });
  });
  it('rejects duplicates within the file and unknown projects', () => {
    const row = { projectCode: 'P001', building: '3', unit: '1', room: '1502' };
    const { errors } = validateHouseholdRows([row, row, { ...row, projectCode: 'P999' }], refs, admin);
    expect(errors.map((e) => `${e.line}:${e.code}`)).toEqual(['3:duplicate_in_file', '4:unknown_reference']);
  });
});

describe('the day a person left, after an import', () => {
  it('marks today for a leaver, keeps an earlier day, clears it for a return, and keeps it without a status column', () => {
    expect(leftOnAfterImport({ active: true, leftOn: null }, false, '2026-12-01')).toBe('2026-12-01');
    expect(leftOnAfterImport({ active: false, leftOn: '2026-06-30' }, false, '2026-12-01')).toBe('2026-06-30');
    expect(leftOnAfterImport({ active: false, leftOn: '2026-06-30' }, true, '2026-12-01')).toBeNull();
    expect(leftOnAfterImport({ active: false, leftOn: '2026-06-30' }, undefined, '2026-12-01')).toBe('2026-06-30');
  });
});
