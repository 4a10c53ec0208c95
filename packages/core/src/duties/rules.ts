import type { PeriodKind } from '../calendar/periods.ts';
import type { Line, Position } from '../org.ts';
import type { FieldCodes, Locale } from '../result.ts';

/**
 * Cadence rules are data (customer relations edits them): who owes what kind
 * of duty, how often, and where. Checkpoint duties come from checkpoint
 * events and the participation matrix, not from rules.
 */
/** Verification revisits are made by improvement plans, and ticket follow-ups (回访, checkpoint 6) by closing a ticket; not by cadence rules. */
export const DUTY_KINDS = ['reception', 'home_visit', 'checkpoint', 'verification', 'follow_up'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

/**
 * The kinds the planning run makes, and so the only ones it may update or
 * remove; every other kind belongs to the feature that made it.
 */
export const PLANNED_DUTY_KINDS = ['reception', 'home_visit', 'checkpoint'] as const satisfies readonly DutyKind[];

export const RULE_KINDS = ['reception', 'home_visit'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** own_project: the person's project; region_rotation: rotate over the region's projects; own_households: their 对接客户. */
export const RULE_PLACES = ['own_project', 'region_rotation', 'own_households'] as const;
export type RulePlace = (typeof RULE_PLACES)[number];

export type CadenceRule = {
  id: number;
  name: string;
  kind: RuleKind;
  position: Position;
  /** null: every line of that position. */
  line: Line | null;
  period: PeriodKind;
  place: RulePlace;
  /** Duties owed in each period (at least once = 1). */
  perPeriod: number;
  active: boolean;
};

export type NewCadenceRule = Omit<CadenceRule, 'id'>;

/** The practice's cadences (DOMAIN §1) and the default home-visit duty. */
export const DEFAULT_CADENCE_RULES: readonly NewCadenceRule[] = [
  {
    name: '区域总裁每季度接待客户',
    kind: 'reception',
    position: 'regional_president',
    line: null,
    period: 'quarter',
    place: 'region_rotation',
    perPeriod: 1,
    active: true,
  },
  {
    name: '区域职能总每两个月接待客户',
    kind: 'reception',
    position: 'functional_head',
    line: null,
    period: 'bimonth',
    place: 'region_rotation',
    perPeriod: 1,
    active: true,
  },
  {
    name: '项目总每月接待客户',
    kind: 'reception',
    position: 'project_head',
    line: null,
    period: 'month',
    place: 'own_project',
    perPeriod: 1,
    active: true,
  },
  {
    name: '员工每月至少拜访一户对接客户',
    kind: 'home_visit',
    position: 'staff',
    line: null,
    period: 'month',
    place: 'own_households',
    perPeriod: 1,
    active: true,
  },
];

export function ruleAppliesTo(rule: CadenceRule, employee: { position: Position; line: Line | null }): boolean {
  return rule.active && rule.position === employee.position && (rule.line === null || rule.line === employee.line);
}

/** A reception happens at a project; a home visit at the person's own households. */
export function checkRule(rule: NewCadenceRule): FieldCodes {
  const fits = rule.kind === 'home_visit' ? rule.place === 'own_households' : rule.place !== 'own_households';
  return fits ? {} : { place: 'RULE_PLACE_MISMATCH' };
}

export const DUTY_KIND_LABELS: Record<DutyKind, { zh: string; en: string }> = {
  reception: { zh: '客户接待日', en: 'Reception day' },
  home_visit: { zh: '入户拜访', en: 'Home visit' },
  checkpoint: { zh: '节点活动', en: 'Checkpoint event' },
  verification: { zh: '整改回访验证', en: 'Verification revisit' },
  follow_up: { zh: '工单回访', en: 'Ticket follow-up' },
};

/** A duty's one-line name in mail and calendars: its kind (in the reader's language), then its event or project. */
export function dutyTitle(
  kind: DutyKind,
  projectName: string | null,
  eventTitle: string | null,
  locale: Locale = 'zh-CN',
): string {
  const where = eventTitle ?? projectName;
  const what = DUTY_KIND_LABELS[kind][locale === 'en' ? 'en' : 'zh'];
  return where ? `${what} · ${where}` : what;
}

export const RULE_PLACE_LABELS: Record<RulePlace, { zh: string; en: string }> = {
  own_project: { zh: '本项目', en: 'Own project' },
  region_rotation: { zh: '区域内各项目轮流', en: 'Rotating across the region’s projects' },
  own_households: { zh: '本人对接的住户', en: 'Own households' },
};
