import { LINES, PROJECT_STAGES, type Line, type Position, type ProjectStage } from '@frontline/core';
import { address, mobile, personName, projectName } from './names.ts';
import { createRandom } from './random.ts';

/**
 * Deterministic generator of a developer group: regions, projects, employees
 * and households. It hands rows to a sink, table by table, parents first, with
 * explicit ids so references are known without reading back.
 */

export type GroupSize = { regions: number; projects: number; employees: number; households: number };

export const DEMO_GROUP: GroupSize = { regions: 3, projects: 12, employees: 400, households: 6000 };
export const LARGE_GROUP: GroupSize = { regions: 20, projects: 500, employees: 30_000, households: 1_000_000 };

export type SeedTable =
  'regions' | 'projects' | 'project_checkpoints' | 'employees' | 'households' | 'household_owners';

/** Column order of each table's rows, as the sink receives them. */
export const SEED_COLUMNS: Record<SeedTable, readonly string[]> = {
  regions: ['id', 'code', 'name', 'city'],
  projects: ['id', 'code', 'region_id', 'name', 'phase', 'address', 'stage', 'completed_on'],
  project_checkpoints: ['project_id', 'checkpoint', 'planned_on', 'held_on'],
  employees: [
    'id',
    'employee_no',
    'name',
    'line',
    'position',
    'region_id',
    'project_id',
    'manager_id',
    'active',
    'left_on',
    'email',
    'phone',
    'login',
    'password_hash',
    'created_at',
    'updated_at',
  ],
  households: [
    'id',
    'project_id',
    'building',
    'unit',
    'room',
    'stage',
    'owner_employee_id',
    'created_at',
    'updated_at',
  ],
  household_owners: ['household_id', 'position', 'name', 'phone'],
};

export type SeedValue = string | number | null;
export type SeedSink = (table: SeedTable, row: SeedValue[]) => void;

export type GenerateOptions = {
  size: GroupSize;
  seed: number;
  /** One Argon2id hash given to every generated account (demo data only). */
  passwordHash: string | null;
  /** Fixed creation time of the seeded rows, so runs are identical. */
  createdAt: number;
};

/** Named demo accounts: login → where it sits. Region 1, project 1 is an occupied project. */
export const DEMO_LOGINS = {
  admin: 'system admin (group)',
  president: 'regional president, region 1',
  'head.engineering': 'engineering head, region 1',
  pm: 'project head, project 1',
  staff: 'engineering staff, project 1',
  'staff.cr': 'customer-relations staff, project 1',
  cr: 'customer-relations admin, region 1',
  hr: 'HR admin, region 1',
  'cr.group': 'customer-relations admin (group): forms, rules, detection',
  'hr.group': 'HR admin (group): scoring schemes, closing a period',
} as const;

const DEMO_REGIONS = [
  { code: 'EAST', name: '华东区域', city: '上海' },
  { code: 'SOUTH', name: '华南区域', city: '广州' },
  { code: 'WEST', name: '西南区域', city: '成都' },
];
const MORE_CITIES = [
  '杭州',
  '南京',
  '苏州',
  '深圳',
  '重庆',
  '武汉',
  '长沙',
  '西安',
  '郑州',
  '济南',
  '青岛',
  '合肥',
  '福州',
  '厦门',
  '昆明',
  '南昌',
  '天津',
  '沈阳',
  '大连',
  '宁波',
];

/** The group-level admins every group has besides its regions' people. */
const GROUP_ADMINS = 2;

/** Every region has a head of each of these lines. */
const HEAD_LINES: Line[] = [
  'investment',
  'design',
  'engineering',
  'marketing',
  'customer_relations',
  'property',
  'cost',
  'finance',
  'hr',
];
/** Staff on a project site, weighted towards the lines that meet customers most. */
const PROJECT_STAFF_LINES: Line[] = [
  'engineering',
  'engineering',
  'engineering',
  'marketing',
  'marketing',
  'customer_relations',
  'customer_relations',
  'property',
  'property',
  'design',
  'cost',
  'president_office',
];

/**
 * Stage of the k-th project of a region: regions are offset from each other so
 * every stage is represented; project 1 is occupied so it has owners to visit.
 */
function stageOf(k: number, regionIndex: number): ProjectStage {
  const order: ProjectStage[] = ['occupied', 'construction', 'sales', 'delivery', 'investment', 'positioning'];
  return order[(2 * k + regionIndex) % order.length]!;
}

/**
 * The completion-acceptance date (竣工验收) warranties run from: an occupied
 * project's a year or two before the demo's November 2026, one being
 * delivered's a few months before; earlier stages are not completed yet.
 */
function completedOn(stage: ProjectStage, index: number): string | null {
  const daysBefore =
    stage === 'occupied' ? 365 + (index % 12) * 30 : stage === 'delivery' ? 60 + (index % 4) * 30 : null;
  return daysBefore === null
    ? null
    : new Date(Date.UTC(2026, 10, 1) - daysBefore * 86_400_000).toISOString().slice(0, 10);
}

/** Checkpoints before the project's stage are held; its own and later ones are planned. */
function checkpointDates(stage: ProjectStage, index: number): [string | null, string | null][] {
  const reached = PROJECT_STAGES.indexOf(stage); // 0..5; 'occupied' (5) has held all five
  const base = Date.UTC(2026, 10, 1) - reached * 180 * 86_400_000 - (index % 5) * 7 * 86_400_000;
  return [0, 1, 2, 3, 4].map((k) => {
    const day = new Date(base + (k - Math.min(reached, 4)) * 180 * 86_400_000 + (k >= reached ? 40 * 86_400_000 : 0));
    const iso = day.toISOString().slice(0, 10);
    return k < reached ? [iso, iso] : [iso, null];
  });
}

function householdStage(stage: ProjectStage, roll: number): string | null {
  switch (stage) {
    case 'investment':
    case 'positioning':
      return null;
    case 'sales':
      return roll < 0.3 ? 'prospect' : 'awaiting_delivery';
    case 'construction':
      return 'awaiting_delivery';
    case 'delivery':
      return roll < 0.6 ? 'owner' : 'awaiting_delivery';
    case 'occupied':
      return 'owner';
  }
}

export function generateGroup(opts: GenerateOptions, sink: SeedSink): Record<SeedTable, number> {
  const r = createRandom(opts.seed);
  const { size, createdAt: at } = opts;
  const counts: Record<SeedTable, number> = {
    regions: 0,
    projects: 0,
    project_checkpoints: 0,
    employees: 0,
    households: 0,
    household_owners: 0,
  };
  const emit = (table: SeedTable, row: SeedValue[]) => {
    counts[table]++;
    sink(table, row);
  };

  // Regions
  const regions = Array.from(
    { length: size.regions },
    (_, i) =>
      DEMO_REGIONS[i] ?? {
        code: `R${String(i + 1).padStart(2, '0')}`,
        name: `${MORE_CITIES[i % MORE_CITIES.length]}区域`,
        city: MORE_CITIES[i % MORE_CITIES.length]!,
      },
  );
  regions.forEach((reg, i) => emit('regions', [i + 1, reg.code, reg.name, reg.city]));

  // Projects, spread round-robin over regions
  const projects = Array.from({ length: size.projects }, (_, i) => {
    const regionIndex = i % size.regions;
    const stage = stageOf(Math.floor(i / size.regions), regionIndex);
    return { id: i + 1, regionId: regionIndex + 1, stage, city: regions[regionIndex]!.city };
  });
  for (const p of projects) {
    const name = projectName(r);
    const phase = r.pick(['一期', '一期', '二期', '三期']);
    emit('projects', [
      p.id,
      `P${String(p.id).padStart(3, '0')}`,
      p.regionId,
      name,
      phase,
      address(r, p.city),
      p.stage,
      completedOn(p.stage, p.id),
    ]);
    checkpointDates(p.stage, p.id).forEach(([planned, held], k) =>
      emit('project_checkpoints', [p.id, k + 1, planned, held]),
    );
  }

  // Employees
  let nextEmployee = 1;
  const addEmployee = (
    line: Line | null,
    position: Position,
    regionId: number | null,
    projectId: number | null,
    managerId: number | null,
    login?: string,
  ): number => {
    const id = nextEmployee++;
    const active = r.chance(0.985) ? 1 : 0;
    const no = `E${String(id).padStart(6, '0')}`;
    emit('employees', [
      id,
      no,
      personName(r),
      line,
      position,
      regionId,
      projectId,
      managerId,
      login ? 1 : active,
      login || active ? null : '2026-06-30',
      `${no.toLowerCase()}@frontline.example`,
      mobile(r),
      login ?? no.toLowerCase(),
      opts.passwordHash,
      at,
      at,
    ]);
    return id;
  };

  addEmployee('president_office', 'system_admin', null, null, null, 'admin');
  const leaders = regions.map((_, i) => {
    const regionId = i + 1;
    const president = addEmployee(
      'president_office',
      'regional_president',
      regionId,
      null,
      null,
      i === 0 ? 'president' : undefined,
    );
    const heads = new Map<Line, number>();
    for (const line of HEAD_LINES) {
      heads.set(
        line,
        addEmployee(
          line,
          'functional_head',
          regionId,
          null,
          president,
          i === 0 && line === 'engineering' ? 'head.engineering' : undefined,
        ),
      );
    }
    addEmployee(
      'customer_relations',
      'cr_admin',
      regionId,
      null,
      heads.get('customer_relations')!,
      i === 0 ? 'cr' : undefined,
    );
    addEmployee('hr', 'hr_admin', regionId, null, heads.get('hr')!, i === 0 ? 'hr' : undefined);
    return { president, heads };
  });
  const projectHeads = projects.map((p) =>
    addEmployee(
      'president_office',
      'project_head',
      p.regionId,
      p.id,
      leaders[p.regionId - 1]!.president,
      p.id === 1 ? 'pm' : undefined,
    ),
  );

  // Two places are kept for the group-level customer-relations and HR admins added below.
  const staffTotal = Math.max(size.employees - (nextEmployee - 1) - GROUP_ADMINS, 0);
  const officeStaff = Math.floor(staffTotal * 0.25);
  const projectStaff = staffTotal - officeStaff;
  for (let k = 0; k < officeStaff; k++) {
    const regionId = (k % size.regions) + 1;
    const line = LINES[Math.floor(k / size.regions) % LINES.length]!;
    const lead = leaders[regionId - 1]!;
    addEmployee(line, 'staff', regionId, null, lead.heads.get(line) ?? lead.president);
  }
  const demoStaffLogins = new Map<Line, string>([
    ['engineering', 'staff'],
    ['customer_relations', 'staff.cr'],
  ]);
  for (let k = 0; k < projectStaff; k++) {
    const p = projects[k % size.projects]!;
    const line = PROJECT_STAFF_LINES[Math.floor(k / size.projects) % PROJECT_STAFF_LINES.length]!;
    const demoLogin = p.id === 1 ? demoStaffLogins.get(line) : undefined;
    if (demoLogin) demoStaffLogins.delete(line);
    addEmployee(line, 'staff', p.regionId, p.id, projectHeads[p.id - 1]!, demoLogin);
  }

  // Group-level customer relations and HR, who own the group-wide configuration. Written
  // without drawing on the random stream, so every other seeded row stays as it was.
  const groupAdmin = (line: Line, position: Position, name: string, login: string) => {
    const id = nextEmployee++;
    const no = `E${String(id).padStart(6, '0')}`;
    emit('employees', [
      id,
      no,
      name,
      line,
      position,
      null,
      null,
      null,
      1,
      null,
      `${no.toLowerCase()}@frontline.example`,
      null,
      login,
      opts.passwordHash,
      at,
      at,
    ]);
  };
  groupAdmin('customer_relations', 'cr_admin', '周宁', 'cr.group');
  groupAdmin('hr', 'hr_admin', '陈静', 'hr.group');

  // Households: only projects that have sold; owners are looked after by the project's staff
  const selling = projects.filter((p) => householdStage(p.stage, 0) !== null);
  let nextHousehold = 1;
  selling.forEach((p, index) => {
    const share = Math.floor(size.households / selling.length) + (index < size.households % selling.length ? 1 : 0);
    const unitsPerBuilding = 2;
    const roomsPerFloor = 4;
    const floors = 30;
    for (let k = 0; k < share; k++) {
      const id = nextHousehold++;
      const perBuilding = unitsPerBuilding * floors * roomsPerFloor;
      const building = Math.floor(k / perBuilding) + 1;
      const inBuilding = k % perBuilding;
      const unit = Math.floor(inBuilding / (floors * roomsPerFloor)) + 1;
      const inUnit = inBuilding % (floors * roomsPerFloor);
      const room = (Math.floor(inUnit / roomsPerFloor) + 2) * 100 + (inUnit % roomsPerFloor) + 1;
      const stage = householdStage(p.stage, r.next())!;
      // Owners (对接客户) are given out afterwards by the ownership engine, as in production.
      emit('households', [id, p.id, String(building), String(unit), String(room), stage, null, at, at]);
      const owners = r.chance(0.45) ? 2 : 1;
      for (let o = 0; o < owners; o++) emit('household_owners', [id, o, personName(r), mobile(r)]);
    }
  });
  return counts;
}
