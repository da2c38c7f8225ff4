import { OUTCOME_PERIODS, PROGRAM_TYPES, STAGES, WAVES } from '@coalition/shared';

/** The pathway part of the analytics subgraph (composed with ANALYTICS_SDL's shared types). */
export const PATHWAY_SDL = `
enum Stage { ${STAGES.join(' ')} }
enum Wave { ${WAVES.join(' ')} }
enum OutcomePeriod { ${OUTCOME_PERIODS.join(' ')} }
enum ProgramType { ${PROGRAM_TYPES.join(' ')} }

type PathwayMissingPartner {
  partnerId: ID!
  reason: String!
}

"Who answered. A partner that did not leaves its people out: how many is said, never hidden."
type PathwayCoverage {
  partnersAsked: Int!
  partnersAnswered: Int!
  missing: [PathwayMissingPartner!]!
  "People the registry links at a partner that did not answer: the figures cannot see their spells there."
  peopleAtMissingPartners: Int!
  "Of them, people also linked at a partner that answered: counted, but with part of their pathway missing (they may show as dropping out)."
  peopleSeenInPart: Int!
}

type FunnelStage {
  stage: Stage!
  "People who reached this stage (entered it on or after the day they reached the stage before)."
  people: Int
  "Percent of the people at the stage before who reached this one; null for the first stage."
  conversion: Float
  "Median days from reaching the stage before to reaching this one."
  medianDaysFromPrevious: Float
  suppressed: Boolean!
  suppression: SuppressionReason
}

"One cell of the funnel: people who entered the pathway with these dimension values (PARTNER: where they entered)."
type FunnelCell {
  key: String!
  values: [IndicatorCellValue!]!
  stages: [FunnelStage!]!
}

type FunnelTable {
  dimensions: [Dimension!]!
  cells: [FunnelCell!]!
}

"People who reached one stage at fromPartner, and where they reached the next one (toPartner null: they did not)."
type PathwayHandoff {
  fromPartner: ID!
  toPartner: ID
  people: Int
  suppressed: Boolean!
  suppression: SuppressionReason
}

type StageTransition {
  fromStage: Stage!
  toStage: Stage!
  handoffs: [PathwayHandoff!]!
}

type PathwayFunnel {
  code: String!
  "The pathway definition version that produced every figure here."
  version: Int!
  name: String!
  stages: [Stage!]!
  "The cohort: people with a first-stage event dated in this period, entering at the earliest such event (an earlier first-stage event outside it does not matter); null for everyone."
  cohort: String
  dimensions: [Dimension!]!
  disclosureControl: DisclosureControl!
  "People who entered the pathway (null when suppressed)."
  people: Int
  total: FunnelCell!
  cells: [FunnelCell!]!
  margins: [FunnelTable!]!
  "The partner-by-partner transition matrix of each step: which handoffs lose people."
  transitions: [StageTransition!]!
  coverage: PathwayCoverage!
  "The release every figure here comes from; null for live figures."
  release: Release
  "True when no figure of it could be protected for this caller's role (a small count could be narrowed from which cells are empty and how stages and handoffs add up): only the hidden total is given, no cell and no handoff."
  withheld: Boolean!
}

"A numeric value collected at one wave: an outcome by period, or a survey answer by wave."
type PrePostMeasure {
  source: String!
  code: String!
  period: OutcomePeriod
  wave: Wave
}

"Per-person change (after minus before) aggregated over the cell's people."
type PrePostCell {
  key: String!
  values: [IndicatorCellValue!]!
  "People with both values, paired by GSID."
  n: Int
  meanChange: Float
  medianChange: Float
  standardDeviation: Float
  "95% confidence interval of the mean change (Student's t); null below two people."
  ciLow: Float
  ciHigh: Float
  meanBefore: Float
  meanAfter: Float
  suppressed: Boolean!
  suppression: SuppressionReason
}

type PrePostTable {
  dimensions: [Dimension!]!
  cells: [PrePostCell!]!
}

type PrePostChange {
  code: String!
  version: Int!
  name: String!
  unit: String!
  before: PrePostMeasure!
  after: PrePostMeasure!
  "The cohort: people whose before value was observed in this period; null for everyone."
  cohort: String
  dimensions: [Dimension!]!
  disclosureControl: DisclosureControl!
  total: PrePostCell!
  cells: [PrePostCell!]!
  margins: [PrePostTable!]!
  coverage: PathwayCoverage!
  "The release every figure here comes from; null for live figures."
  release: Release
}

type PathwayStageEvent {
  stage: Stage!
  enteredOn: String!
  exitedOn: String
}

type PathwayOutcome {
  indicatorCode: String!
  indicatorVersion: Int!
  period: OutcomePeriod!
  wave: Wave!
  valueNumber: Float
  valueBoolean: Boolean
  observedOn: String
}

"One enrollment of the person at one partner."
type PathwaySpell {
  partnerId: ID!
  "The partner's own id of the record: for the backbone and that partner's staff; null for others."
  localId: ID
  programType: ProgramType!
  enrolledOn: String!
  exitedOn: String
  "Days from the end of the spell before to the start of this one (negative: they overlap); null for the first spell or when the one before has not ended."
  gapDays: Int
  stages: [PathwayStageEvent!]!
  "Outcomes recorded in this spell, each with its wave (INTAKE, EXIT, FOLLOW_UP)."
  outcomes: [PathwayOutcome!]!
}

type PathwayStageReached {
  stage: Stage!
  partnerId: ID!
  enteredOn: String!
}

type PersonPathway {
  gsid: ID!
  "Every spell at every partner, in time order."
  spells: [PathwaySpell!]!
  "The first time each stage was entered, at whichever partner, in pathway order."
  stagesReached: [PathwayStageReached!]!
  coverage: IndicatorCoverage!
}

type Stakeholder @key(fields: "gsid") {
  gsid: ID!
  "The person's pathway across partners (the backbone; or staff of a partner that serves the person)."
  pathway: PersonPathway
}
`;

/** Root fields of the pathway part. */
export const PATHWAY_QUERIES = `
  "The funnel of a pathway definition for a cohort: people reaching each stage, conversion, median days between stages, and the partner-by-partner transition matrix. Figures for roles other than the backbone pass disclosure control. release: as networkIndicator's (a release holds each program year's cohort)."
  pathwayFunnel(code: String!, version: Int, cohort: IndicatorPeriod, by: [Dimension!] = [], release: String): PathwayFunnel
  "A pre/post change indicator (e.g. WAGE_GAIN, CONFIDENCE_GAIN): per-person change paired by GSID across partners, with n and a 95% confidence interval, by up to 4 dimensions. release: as networkIndicator's (a release holds each program year's cohort)."
  prePostChange(code: String!, version: Int, cohort: IndicatorPeriod, by: [Dimension!] = [], release: String): PrePostChange
`;
