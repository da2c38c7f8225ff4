/**
 * The shared contract, version 1: the code lists every partner subgraph speaks.
 *
 * Partners keep their own definitions internally; what crosses the wire uses these codes.
 * Changing a code here is a breaking change to the contract: bump CONTRACT_VERSION and
 * say so in docs/CONTRACT.md.
 */
export const CONTRACT_VERSION = '1.0.0';

/** Sex as self-reported at intake. NOT_SELF_IDENTIFIED is a real answer, not a missing value. */
export const SEX_CODES = ['FEMALE', 'MALE', 'NOT_SELF_IDENTIFIED'] as const;
export type SexCode = (typeof SEX_CODES)[number];

/** Race/ethnicity, multi-select (a person may hold several). */
export const RACE_ETHNICITY_CODES = [
  'AMERICAN_INDIAN_ALASKA_NATIVE',
  'ASIAN',
  'BLACK_AFRICAN_AMERICAN',
  'HISPANIC_LATINO',
  'MIDDLE_EASTERN_NORTH_AFRICAN',
  'NATIVE_HAWAIIAN_PACIFIC_ISLANDER',
  'WHITE',
] as const;
export type RaceEthnicityCode = (typeof RACE_ETHNICITY_CODES)[number];

/**
 * The single-valued race/ethnicity group used to disaggregate counts, so that cells add up
 * to the total: one selected code is that code (selected twice, still one), two or more
 * different codes is MULTIRACIAL, none is NOT_REPORTED. The RACE_GROUP dimension's SQL says
 * the same (shared/src/dimensions/race-group.ts; a test feeds both repeated codes).
 */
export const RACE_GROUPS = [...RACE_ETHNICITY_CODES, 'MULTIRACIAL', 'NOT_REPORTED'] as const;
export type RaceGroup = (typeof RACE_GROUPS)[number];

export function raceGroupOf(codes: readonly RaceEthnicityCode[]): RaceGroup {
  const distinct = [...new Set(codes)];
  if (distinct.length === 0) return 'NOT_REPORTED';
  if (distinct.length === 1) return distinct[0];
  return 'MULTIRACIAL';
}

export const PROGRAM_TYPES = ['TRAINING', 'PLACEMENT', 'RETENTION_COACHING'] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];

/** Pathway stages, in pathway order. */
export const STAGES = ['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'] as const;
export type Stage = (typeof STAGES)[number];

/** When an outcome was collected. */
export const WAVES = ['INTAKE', 'EXIT', 'FOLLOW_UP'] as const;
export type Wave = (typeof WAVES)[number];

/** The period an outcome value refers to. */
export const OUTCOME_PERIODS = ['BEFORE_INTAKE', 'DURING_PROGRAM', 'AT_EXIT', 'Q2_AFTER_EXIT', 'Q4_AFTER_EXIT', 'WITHIN_1Y_OF_EXIT'] as const;
export type OutcomePeriod = (typeof OUTCOME_PERIODS)[number];

/**
 * Outcome codes whose value is earnings (USD per quarter): a negative value is invalid. A list,
 * not a name pattern, so that a new outcome code is an earnings code only when it says so here.
 */
export const EARNINGS_OUTCOME_CODES = ['EARN_PRE', 'EARN_Q2', 'EARN_Q4'] as const;

/** Age at enrollment, in the WIOA reporting bands. */
export const AGE_BANDS = ['UNDER_16', 'AGE_16_18', 'AGE_19_24', 'AGE_25_44', 'AGE_45_54', 'AGE_55_59', 'AGE_60_PLUS', 'UNKNOWN'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Upper bound (inclusive) of each band but the last two; kept next to the SQL in partners. */
export const AGE_BAND_LIMITS: ReadonlyArray<readonly [number, AgeBand]> = [
  [15, 'UNDER_16'],
  [18, 'AGE_16_18'],
  [24, 'AGE_19_24'],
  [44, 'AGE_25_44'],
  [54, 'AGE_45_54'],
  [59, 'AGE_55_59'],
];

/** Age band from a birth year, at a date (the age a person turns in that calendar year). */
export function ageBandOf(birthYear: number | null | undefined, onDate: string): AgeBand {
  if (birthYear == null) return 'UNKNOWN';
  const age = Number(onDate.slice(0, 4)) - birthYear;
  for (const [limit, band] of AGE_BAND_LIMITS) if (age <= limit) return band;
  return 'AGE_60_PLUS';
}

// Dimensions, their SQL and their order are modules of their own: see ./dimensions.

/** Enrollment quarter, e.g. 2025Q3, from an ISO date. */
export function cohortOf(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date: ${isoDate}`);
  return `${match[1]}Q${Math.floor((Number(match[2]) - 1) / 3) + 1}`;
}

export const COHORT_PATTERN = /^\d{4}Q[1-4]$/;

/** US county as a 5-digit FIPS code. */
export const COUNTY_FIPS_PATTERN = /^\d{5}$/;

/** Partner ids are short slugs: they appear in URLs, logs and dimension values. */
export const PARTNER_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/** Indicator codes are upper snake case, e.g. EMP_Q2. */
export const INDICATOR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
