import {
  DELEGATION_RULE_LABELS,
  DELEGATION_RULES,
  distribution,
  LINE_LABELS,
  LINES,
  periodLabel,
  RANKING_METHOD,
  RECORD_OUTCOME_LABELS,
  SCORE_BANDS,
  SCORE_COMPONENT_FORMULAS,
  SCORE_COMPONENT_LABELS,
  SCORE_COMPONENTS,
  type AppraisalPeriod,
  type Locale,
  type ScoreComponent,
} from '@frontline/core';
import type { Adjustment, SchemeVersion } from '@frontline/db';
import type { ExplainedRecord, PeriodState, ScoreRow } from './scoring.ts';

/**
 * What the appraisal API answers: periods with their label, the catalogue
 * every page shows beside the figures, the distribution of a list by line,
 * and one score's explanation. Work data only; the records explained carry
 * no customer's details (see the score-records repository).
 */
export const periodView = (p: AppraisalPeriod, locale: Locale) => ({
  name: p.name,
  kind: p.kind,
  from: p.from,
  to: p.to,
  label: periodLabel(p, locale),
});

/** The catalogue every page shows beside the figures: names, formulas in words, the delegation rules, the ranking method. */
export const catalogue = {
  components: SCORE_COMPONENTS.map((kind) => ({
    kind,
    label: SCORE_COMPONENT_LABELS[kind],
    formula: SCORE_COMPONENT_FORMULAS[kind],
  })),
  delegationRules: DELEGATION_RULES.map((rule) => ({ rule, label: DELEGATION_RULE_LABELS[rule] })),
  rankingMethod: RANKING_METHOD,
  bands: SCORE_BANDS.map((b) => ({ key: b.key, label: b.label })),
  outcomes: RECORD_OUTCOME_LABELS,
};

const labelOfLine = (group: string, lang: 'zh' | 'en') => {
  const line = LINES.find((l) => l === group);
  return line ? LINE_LABELS[line][lang] : '—';
};

/** How a list's final scores spread over the bands, line by line. */
export function distributionByLine(rows: readonly ScoreRow[], locale: Locale) {
  const lang = locale === 'en' ? 'en' : 'zh';
  return distribution(
    rows,
    (r) => r.line ?? '',
    (r) => r.final,
  ).map((d) => ({ ...d, label: labelOfLine(d.group, lang) }));
}

/** Why a score is what it is: its components with their formulas and weights, every record counted, the adjustments. */
export function explanationView(
  period: AppraisalPeriod,
  locale: Locale,
  found: {
    state: PeriodState;
    row: ScoreRow;
    scheme: SchemeVersion;
    records: Partial<Record<ScoreComponent, ExplainedRecord[]>> | undefined;
    adjustments: Adjustment[];
  },
) {
  const { state, row, scheme, records, adjustments } = found;
  return {
    period: periodView(period, locale),
    state,
    person: row,
    scheme: {
      id: scheme.id,
      position: scheme.position,
      version: scheme.version,
      delegation: scheme.delegation,
      delegationLabel: DELEGATION_RULE_LABELS[scheme.delegation],
      note: scheme.note,
    },
    components: row.components.map((comp) => ({
      ...comp,
      label: SCORE_COMPONENT_LABELS[comp.kind],
      formula: SCORE_COMPONENT_FORMULAS[comp.kind],
      records: records?.[comp.kind] ?? [],
    })),
    adjustments,
    rankingMethod: RANKING_METHOD,
    outcomes: RECORD_OUTCOME_LABELS,
  };
}
