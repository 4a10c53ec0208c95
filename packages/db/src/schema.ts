import type { Generated, Insertable, Selectable } from 'kysely';

/** Table shapes as Kysely sees them. Times are epoch milliseconds; dates are 'YYYY-MM-DD'. */
export interface Database {
  regions: RegionTable;
  projects: ProjectTable;
  project_checkpoints: ProjectCheckpointTable;
  employees: EmployeeTable;
  employee_leaves: EmployeeLeaveTable;
  households: HouseholdTable;
  household_owners: HouseholdOwnerTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
}

export interface RegionTable {
  id: Generated<number>;
  code: string;
  name: string;
  city: string;
}

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  region_id: number;
  name: string;
  phase: string;
  address: string;
  stage: string;
}

export interface ProjectCheckpointTable {
  project_id: number;
  checkpoint: number;
  planned_on: string | null;
  held_on: string | null;
}

export interface EmployeeTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  line: string | null;
  position: string;
  region_id: number | null;
  project_id: number | null;
  manager_id: number | null;
  active: number;
  left_on: string | null;
  email: string | null;
  phone: string | null;
  login: string | null;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface EmployeeLeaveTable {
  id: Generated<number>;
  employee_id: number;
  starts_on: string;
  ends_on: string;
  kind: string;
}

export interface HouseholdTable {
  id: Generated<number>;
  project_id: number;
  building: string;
  unit: string;
  room: string;
  stage: string;
  owner_employee_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface HouseholdOwnerTable {
  id: Generated<number>;
  household_id: number;
  position: number;
  name: string;
  phone: string | null;
}

export interface SessionTable {
  id: string;
  secret_hash: Uint8Array;
  employee_id: number;
  created_at: number;
  last_active_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}

export type EmployeeRow = Selectable<EmployeeTable>;
export type NewEmployeeRow = Insertable<EmployeeTable>;
export type HouseholdRow = Selectable<HouseholdTable>;
