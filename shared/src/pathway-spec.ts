/**
 * Pathways and pre/post measures: what the registry defines, the gateway asks for and every
 * partner answers with per-GSID summaries (never names or raw records). See docs/PATHWAYS.md.
 */
import { INDICATOR_CODE_PATTERN, OUTCOME_PERIODS, STAGES, WAVES, isOneOf, type OutcomePeriod, type Stage, type Wave } from './contract';
import { dimensionDescriptors, type Dimension } from './dimensions';
import { badInput } from './errors';
import { isObject } from './spec-conditions';

/** At most this many stages in a pathway, and measures in one summary request. */
export const MAX_PATHWAY_STAGES = STAGES.length;
export const MAX_MEASURES = 4;

/**
 * A numeric value collected at one wave: an outcome record (by indicator code and the period it
 * refers to) or a survey answer (by question code and the wave it was asked at).
 */
export type MeasureRef = { source: 'OUTCOME'; code: string; period: OutcomePeriod } | { source: 'SURVEY'; code: string; wave: Wave };

/** A change per person from one measure to a later one, paired by GSID across partners. */
export interface PrePostSpec {
  before: MeasureRef;
  after: MeasureRef;
  dimensions: Dimension[];
}

export function parseMeasureRef(value: unknown, path: string): MeasureRef {
  if (!isObject(value)) throw badInput(path, 'must be an object { source, code, period } or { source, code, wave }');
  if (typeof value.code !== 'string' || !INDICATOR_CODE_PATTERN.test(value.code)) throw badInput(`${path}.code`, 'must be an upper-case code such as EARN_PRE');
  const extra = Object.keys(value).filter((k) => !['source', 'code', 'period', 'wave'].includes(k));
  if (extra.length) throw badInput(path, `unknown key ${extra[0]}`);
  if (value.source === 'OUTCOME') {
    if (!isOneOf(OUTCOME_PERIODS, value.period)) throw badInput(`${path}.period`, `must be one of ${OUTCOME_PERIODS.join(', ')}`);
    if (value.wave !== undefined) throw badInput(`${path}.wave`, 'an OUTCOME measure is chosen by period, not wave');
    return { source: 'OUTCOME', code: value.code, period: value.period };
  }
  if (value.source === 'SURVEY') {
    if (!isOneOf(WAVES, value.wave)) throw badInput(`${path}.wave`, `must be one of ${WAVES.join(', ')}`);
    if (value.period !== undefined) throw badInput(`${path}.period`, 'a SURVEY measure is chosen by wave, not period');
    return { source: 'SURVEY', code: value.code, wave: value.wave };
  }
  throw badInput(`${path}.source`, 'must be OUTCOME or SURVEY');
}

/** The pre/post rules of a CHANGE indicator's definition ({ prePost: { before, after }, dimensions }). */
export function parsePrePostSpec(value: unknown, path = 'definition'): PrePostSpec {
  if (!isObject(value) || !isObject(value.prePost)) throw badInput(`${path}.prePost`, 'must be { before, after }');
  const dimensions = value.dimensions;
  if (!Array.isArray(dimensions) || !dimensions.length || !dimensions.every((d) => dimensionDescriptors.has(d))) {
    throw badInput(`${path}.dimensions`, `must be a non-empty list of ${dimensionDescriptors.codes().join(', ')}`);
  }
  return {
    before: parseMeasureRef(value.prePost.before, `${path}.prePost.before`),
    after: parseMeasureRef(value.prePost.after, `${path}.prePost.after`),
    dimensions: [...new Set(dimensions as Dimension[])],
  };
}

/** A pathway's stages: two or more, each once, in the order people are expected to go through them. */
export function parsePathwayStages(value: unknown, path = 'stages'): Stage[] {
  if (!Array.isArray(value) || !value.every((s) => isOneOf(STAGES, s))) throw badInput(path, `must be a list of ${STAGES.join(', ')}`);
  if (value.length < 2) throw badInput(path, 'a pathway has at least two stages');
  if (new Set(value).size !== value.length) throw badInput(path, 'names a stage twice');
  return [...value] as Stage[];
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date: how summaries carry dates (small integers). */
export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/**
 * One partner's answer to `pathwaySummaries`, column by column. Records are the partner's
 * participation records that have a requested stage event or measure; they are named by GSID
 * only (null: not yet linked), never by local id. Dates are day numbers (see dayNumber).
 */
export interface PathwaySummaryColumns {
  dimensions: Dimension[];
  /** Per record. */
  gsid: Array<string | null>;
  /** Per dimension: its distinct values here, and per record the index of its value. */
  dimensionValues: string[][];
  dimensionCodes: number[][];
  /** Per stage event: the record (index), the stage (index into the requested stages), the day entered. */
  eventRecord: number[];
  eventStage: number[];
  eventDay: number[];
  /** Per observation of a measure: the record, the measure (index into the requested measures), the value, the day observed. */
  observationRecord: number[];
  observationMeasure: number[];
  observationValue: number[];
  observationDay: number[];
}
