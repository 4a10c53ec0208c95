/** The organisation's fixed vocabularies, with the labels users see (zh first). */

export const LINES = [
  'president_office',
  'investment',
  'design',
  'engineering',
  'marketing',
  'customer_relations',
  'property',
  'cost',
  'finance',
  'hr',
] as const;
export type Line = (typeof LINES)[number];

export const POSITIONS = [
  'regional_president',
  'functional_head',
  'project_head',
  'staff',
  'cr_admin',
  'hr_admin',
  'system_admin',
] as const;
export type Position = (typeof POSITIONS)[number];

/** Where a project stands in its life; the first five match checkpoints 1–5. */
export const PROJECT_STAGES = ['investment', 'positioning', 'sales', 'construction', 'delivery', 'occupied'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const HOUSEHOLD_STAGES = ['prospect', 'awaiting_delivery', 'owner'] as const;
export type HouseholdStage = (typeof HOUSEHOLD_STAGES)[number];

/** Checkpoints 1–5 are dated events of a project (or a phase of it); 6–7 run continuously. */
export const CHECKPOINTS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];
export const DATED_CHECKPOINTS = [1, 2, 3, 4, 5] as const;

type Label = { zh: string; en: string };

export const LINE_LABELS: Record<Line, Label> = {
  president_office: { zh: '总裁办', en: "President's office" },
  investment: { zh: '投资', en: 'Investment' },
  design: { zh: '研发设计', en: 'Design & R&D' },
  engineering: { zh: '工程', en: 'Engineering' },
  marketing: { zh: '营销', en: 'Marketing & sales' },
  customer_relations: { zh: '客关', en: 'Customer relations' },
  property: { zh: '物业', en: 'Property management' },
  cost: { zh: '成本', en: 'Cost' },
  finance: { zh: '财务', en: 'Finance' },
  hr: { zh: '人力', en: 'HR' },
};

export const POSITION_LABELS: Record<Position, Label> = {
  regional_president: { zh: '区域总裁', en: 'Regional president' },
  functional_head: { zh: '区域职能总', en: 'Regional functional head' },
  project_head: { zh: '项目总', en: 'Project head' },
  staff: { zh: '员工', en: 'Staff' },
  cr_admin: { zh: '客关管理员', en: 'Customer-relations admin' },
  hr_admin: { zh: '人力管理员', en: 'HR admin' },
  system_admin: { zh: '系统管理员', en: 'System admin' },
};

export const PROJECT_STAGE_LABELS: Record<ProjectStage, Label> = {
  investment: { zh: '投资及市场调研', en: 'Investment & market research' },
  positioning: { zh: '产品定位', en: 'Product positioning' },
  sales: { zh: '销售开放及开盘', en: 'Sales opening & launch' },
  construction: { zh: '在建（工地开放）', en: 'Under construction (site open days)' },
  delivery: { zh: '项目交付', en: 'Delivery' },
  occupied: { zh: '交付后（入住）', en: 'After delivery (occupied)' },
};

export const HOUSEHOLD_STAGE_LABELS: Record<HouseholdStage, Label> = {
  prospect: { zh: '意向客户', en: 'Prospect' },
  awaiting_delivery: { zh: '待交付业主', en: 'Buyer awaiting delivery' },
  owner: { zh: '业主', en: 'Owner' },
};

export const CHECKPOINT_LABELS: Record<Checkpoint, Label> = {
  1: { zh: '投资及市场调研', en: 'Investment & market research' },
  2: { zh: '产品定位', en: 'Product positioning' },
  3: { zh: '销售开放及开盘', en: 'Sales opening & launch' },
  4: { zh: '工地开放', en: 'Construction-site open day' },
  5: { zh: '项目交付', en: 'Project delivery' },
  6: { zh: '投诉报修接待', en: 'Complaint & repair reception' },
  7: { zh: '定期入户拜访', en: 'Periodic home visits' },
};
