import type { HouseholdStage, Line, Position, ProjectStage } from './org.ts';
import type { Locale } from './result.ts';

/** Records of the organisation as the rest of the system sees them. */

export type Region = { id: number; code: string; name: string; city: string };

export type ProjectCheckpointDate = { checkpoint: number; plannedOn: string | null; heldOn: string | null };

export type Project = {
  id: number;
  code: string;
  regionId: number;
  name: string;
  phase: string;
  address: string;
  stage: ProjectStage;
};

export type Employee = {
  id: number;
  employeeNo: string;
  name: string;
  line: Line | null;
  position: Position;
  regionId: number | null;
  projectId: number | null;
  managerId: number | null;
  active: boolean;
  leftOn: string | null;
  email: string | null;
  login: string | null;
  /** The language of their screen after sign-in and of every mail and invite they are sent. */
  language: Locale;
};

export type HouseholdOwner = { name: string; phone: string | null };

export type Household = {
  id: number;
  projectId: number;
  regionId: number;
  building: string;
  unit: string;
  room: string;
  stage: HouseholdStage;
  ownerEmployeeId: number | null;
  owners: HouseholdOwner[];
};
