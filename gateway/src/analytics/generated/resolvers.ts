import type { GraphQLResolveInfo } from 'graphql';
import type { DimensionValue } from '@coalition/shared';
import type { StoredRelease } from '../../releases/store';
import type { Approval } from '../../releases/approvals';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type ApprovalStatus =
  | 'APPROVED'
  | 'FAILED'
  | 'RUNNING';

export type Dimension =
  | 'AGE_BAND'
  | 'COHORT'
  | 'COUNTY'
  | 'PARTNER'
  | 'PROGRAM_TYPE'
  | 'RACE_GROUP'
  | 'SENTIMENT'
  | 'SEX';

export type DisclosureControl = {
  __typename?: 'DisclosureControl';
  /** False for the backbone, who sees every figure. */
  applied: Scalars['Boolean']['output'];
  /** The dimensions suppression was decided over, once for every query of the period. */
  cubeDimensions?: Maybe<Array<Dimension>>;
  /** k: cells counting 1 to k-1 are suppressed. */
  minimumCellSize?: Maybe<Scalars['Int']['output']>;
  /** p: no reader can narrow a hidden count to within p of its true value from everything published (docs/INDICATORS.md). Null for the backbone, and in releases approved before it was recorded. */
  protection?: Maybe<Scalars['Int']['output']>;
};

export type EmergingPhrase = {
  __typename?: 'EmergingPhrase';
  partners: Scalars['Int']['output'];
  /** People who used it, summed over partners (a person answering at two partners may count twice). */
  people: Scalars['Int']['output'];
  /** Lemmatised, lower case, scrubbed of names, numbers, e-mails and addresses at the partner. */
  phrase: Scalars['String']['output'];
};

export type EmergingPhrases = {
  __typename?: 'EmergingPhrases';
  codebook: Scalars['String']['output'];
  coverage: IndicatorCoverage;
  /** Shown: phrases at least this many people used, at two or more partners. */
  minPeople: Scalars['Int']['output'];
  phrases: Array<EmergingPhrase>;
  version: Scalars['Int']['output'];
};

/** One cell of the funnel: people who entered the pathway with these dimension values (PARTNER: where they entered). */
export type FunnelCell = {
  __typename?: 'FunnelCell';
  key: Scalars['String']['output'];
  stages: Array<FunnelStage>;
  values: Array<IndicatorCellValue>;
};

export type FunnelStage = {
  __typename?: 'FunnelStage';
  /** Percent of the people at the stage before who reached this one; null for the first stage. */
  conversion?: Maybe<Scalars['Float']['output']>;
  /** Median days from reaching the stage before to reaching this one. */
  medianDaysFromPrevious?: Maybe<Scalars['Float']['output']>;
  /** People who reached this stage (entered it on or after the day they reached the stage before). */
  people?: Maybe<Scalars['Int']['output']>;
  stage: Stage;
  suppressed: Scalars['Boolean']['output'];
  suppression?: Maybe<SuppressionReason>;
};

export type FunnelTable = {
  __typename?: 'FunnelTable';
  cells: Array<FunnelCell>;
  dimensions: Array<Dimension>;
};

export type IndicatorCell = {
  __typename?: 'IndicatorCell';
  /** current.value minus previous.value, when both are shown. */
  change?: Maybe<Scalars['Float']['output']>;
  current: IndicatorFigure;
  /** Canonical key of the dimension values, e.g. PARTNER=a|SEX=FEMALE; empty for the total. */
  key: Scalars['String']['output'];
  /** The same cell in the comparison period, when compareTo is given. */
  previous?: Maybe<IndicatorFigure>;
  values: Array<IndicatorCellValue>;
};

export type IndicatorCellValue = {
  __typename?: 'IndicatorCellValue';
  dimension: Dimension;
  value: Scalars['String']['output'];
};

export type IndicatorCoverage = {
  __typename?: 'IndicatorCoverage';
  missing: Array<IndicatorMissingPartner>;
  partnersAnswered: Scalars['Int']['output'];
  partnersAsked: Scalars['Int']['output'];
};

/** A figure for one cell and period. Suppressed: every number is null and suppression says why. */
export type IndicatorFigure = {
  __typename?: 'IndicatorFigure';
  /** RATE: how many of them meet the numerator. */
  numerator?: Maybe<Scalars['Int']['output']>;
  /** People (or records, see countUnit) in the cell's population; 0 is shown. */
  people?: Maybe<Scalars['Int']['output']>;
  suppressed: Scalars['Boolean']['output'];
  suppression?: Maybe<SuppressionReason>;
  /** The indicator's value: a percentage for a RATE, the count for a COUNT, the median or mean for a MEDIAN or MEAN. Null when the population is empty. */
  value?: Maybe<Scalars['Float']['output']>;
};

export type IndicatorMissingPartner = {
  __typename?: 'IndicatorMissingPartner';
  partnerId: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
};

/** One period of an indicator: a program year (1 July to 30 June), a calendar quarter, an enrollment cohort, or from and to (inclusive, YYYY-MM-DD). Exactly one form. Funders and partner staff: program years only. */
export type IndicatorPeriod = {
  cohort?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  programYear?: InputMaybe<Scalars['Int']['input']>;
  quarter?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type IndicatorTable = {
  __typename?: 'IndicatorTable';
  cells: Array<IndicatorCell>;
  dimensions: Array<Dimension>;
};

export type InformationLoss = {
  __typename?: 'InformationLoss';
  /** Non-empty cells it reads, and how many of them are hidden. */
  cells: Scalars['Int']['output'];
  cellsSuppressed: Scalars['Int']['output'];
  /** People summed over those cells (once per table), and how many of them are in hidden cells. */
  people: Scalars['Int']['output'];
  peopleInSuppressedCells: Scalars['Int']['output'];
  /** funder (of the whole network) or partner_staff (every partner's staff, added up). */
  role: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Approves a finished program year: every indicator funders may see for it is computed once and stored as one release. Admins, or backbone analysts granted approve_releases. Refused while a partner does not answer, unless force is true (the release then records its coverage). A period released before needs a note. */
  approveRelease: ReleaseApproval;
  /** Gives every partner a codebook version from the registry (the latest unless version is given); each codes its answers in the background, idempotently. Follow it with themeCodingProgress. */
  installCodebook: Array<PartnerThemeCoding>;
};


export type MutationApproveReleaseArgs = {
  force?: InputMaybe<Scalars['Boolean']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
  period: IndicatorPeriod;
};


export type MutationInstallCodebookArgs = {
  code: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};

export type NetworkIndicator = {
  __typename?: 'NetworkIndicator';
  /** The cells by every dimension asked for. */
  cells: Array<IndicatorCell>;
  code: Scalars['String']['output'];
  comparisonPeriod?: Maybe<Scalars['String']['output']>;
  /** PEOPLE (a person linked at several partners counts once) or RECORDS. */
  countUnit: Scalars['String']['output'];
  coverage: IndicatorCoverage;
  dimensions: Array<Dimension>;
  disclosureControl: DisclosureControl;
  /** RATE, COUNT, MEDIAN, MEAN or CHANGE. */
  kind: Scalars['String']['output'];
  /** Every margin between: by each dimension alone, each pair, and so on. */
  margins: Array<IndicatorTable>;
  name: Scalars['String']['output'];
  period: Scalars['String']['output'];
  /** The release every figure here comes from; null for live figures. */
  release?: Maybe<Release>;
  /** The grand total. */
  total: IndicatorCell;
  unit: Scalars['String']['output'];
  /** The definition version that produced every figure here. */
  version: Scalars['Int']['output'];
};

/** A theme of a codebook across the network: of the people whose answer of the wave was coded under the codebook version (people), those whose answer carries the theme (numerator), and their share (value, a percent). A person answering at several partners counts once. Disclosure control as for indicators. */
export type NetworkTheme = {
  __typename?: 'NetworkTheme';
  code: Scalars['String']['output'];
  figures: NetworkIndicator;
  /** BARRIER or HELP. */
  kind: Scalars['String']['output'];
  label: Scalars['String']['output'];
};

export type NetworkThemes = {
  __typename?: 'NetworkThemes';
  codebook: Scalars['String']['output'];
  /** The release every figure here comes from; null for live figures. */
  release?: Maybe<Release>;
  themes: Array<NetworkTheme>;
  /** The codebook version every figure here was coded under. */
  version: Scalars['Int']['output'];
  wave: Wave;
};

export type OutcomePeriod =
  | 'AT_EXIT'
  | 'BEFORE_INTAKE'
  | 'DURING_PROGRAM'
  | 'Q2_AFTER_EXIT'
  | 'Q4_AFTER_EXIT'
  | 'WITHIN_1Y_OF_EXIT';

/** How far one partner's coding of a codebook version has come: counts only. */
export type PartnerThemeCoding = {
  __typename?: 'PartnerThemeCoding';
  answers?: Maybe<Scalars['Int']['output']>;
  coded?: Maybe<Scalars['Int']['output']>;
  coderId?: Maybe<Scalars['String']['output']>;
  lastError?: Maybe<Scalars['String']['output']>;
  partnerId: Scalars['ID']['output'];
  /** Figures of the version wait at this partner until none is pending. */
  pending?: Maybe<Scalars['Int']['output']>;
  refused?: Maybe<Scalars['Int']['output']>;
  running?: Maybe<Scalars['Boolean']['output']>;
  /** Why the partner did not answer, when it did not. */
  unavailable?: Maybe<Scalars['String']['output']>;
};

/** Who answered. A partner that did not leaves its people out: how many is said, never hidden. */
export type PathwayCoverage = {
  __typename?: 'PathwayCoverage';
  missing: Array<PathwayMissingPartner>;
  partnersAnswered: Scalars['Int']['output'];
  partnersAsked: Scalars['Int']['output'];
  /** People the registry links at a partner that did not answer: the figures cannot see their spells there. */
  peopleAtMissingPartners: Scalars['Int']['output'];
  /** Of them, people also linked at a partner that answered: counted, but with part of their pathway missing (they may show as dropping out). */
  peopleSeenInPart: Scalars['Int']['output'];
};

export type PathwayFunnel = {
  __typename?: 'PathwayFunnel';
  cells: Array<FunnelCell>;
  code: Scalars['String']['output'];
  /** The cohort: people with a first-stage event dated in this period, entering at the earliest such event (an earlier first-stage event outside it does not matter); null for everyone. */
  cohort?: Maybe<Scalars['String']['output']>;
  coverage: PathwayCoverage;
  dimensions: Array<Dimension>;
  disclosureControl: DisclosureControl;
  margins: Array<FunnelTable>;
  name: Scalars['String']['output'];
  /** People who entered the pathway (null when suppressed). */
  people?: Maybe<Scalars['Int']['output']>;
  /** The release every figure here comes from; null for live figures. */
  release?: Maybe<Release>;
  stages: Array<Stage>;
  total: FunnelCell;
  /** The partner-by-partner transition matrix of each step: which handoffs lose people. */
  transitions: Array<StageTransition>;
  /** The pathway definition version that produced every figure here. */
  version: Scalars['Int']['output'];
  /** True when no figure of it could be protected for this caller's role (a small count could be narrowed from which cells are empty and how stages and handoffs add up): only the hidden total is given, no cell and no handoff. */
  withheld: Scalars['Boolean']['output'];
};

/** People who reached one stage at fromPartner, and where they reached the next one (toPartner null: they did not). */
export type PathwayHandoff = {
  __typename?: 'PathwayHandoff';
  fromPartner: Scalars['ID']['output'];
  people?: Maybe<Scalars['Int']['output']>;
  suppressed: Scalars['Boolean']['output'];
  suppression?: Maybe<SuppressionReason>;
  toPartner?: Maybe<Scalars['ID']['output']>;
};

export type PathwayMissingPartner = {
  __typename?: 'PathwayMissingPartner';
  partnerId: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
};

export type PathwayOutcome = {
  __typename?: 'PathwayOutcome';
  indicatorCode: Scalars['String']['output'];
  indicatorVersion: Scalars['Int']['output'];
  observedOn?: Maybe<Scalars['String']['output']>;
  period: OutcomePeriod;
  valueBoolean?: Maybe<Scalars['Boolean']['output']>;
  valueNumber?: Maybe<Scalars['Float']['output']>;
  wave: Wave;
};

/** One enrollment of the person at one partner. */
export type PathwaySpell = {
  __typename?: 'PathwaySpell';
  enrolledOn: Scalars['String']['output'];
  exitedOn?: Maybe<Scalars['String']['output']>;
  /** Days from the end of the spell before to the start of this one (negative: they overlap); null for the first spell or when the one before has not ended. */
  gapDays?: Maybe<Scalars['Int']['output']>;
  /** The partner's own id of the record: for the backbone and that partner's staff; null for others. */
  localId?: Maybe<Scalars['ID']['output']>;
  /** Outcomes recorded in this spell, each with its wave (INTAKE, EXIT, FOLLOW_UP). */
  outcomes: Array<PathwayOutcome>;
  partnerId: Scalars['ID']['output'];
  programType: ProgramType;
  stages: Array<PathwayStageEvent>;
};

export type PathwayStageEvent = {
  __typename?: 'PathwayStageEvent';
  enteredOn: Scalars['String']['output'];
  exitedOn?: Maybe<Scalars['String']['output']>;
  stage: Stage;
};

export type PathwayStageReached = {
  __typename?: 'PathwayStageReached';
  enteredOn: Scalars['String']['output'];
  partnerId: Scalars['ID']['output'];
  stage: Stage;
};

export type PersonPathway = {
  __typename?: 'PersonPathway';
  coverage: IndicatorCoverage;
  gsid: Scalars['ID']['output'];
  /** Every spell at every partner, in time order. */
  spells: Array<PathwaySpell>;
  /** The first time each stage was entered, at whichever partner, in pathway order. */
  stagesReached: Array<PathwayStageReached>;
};

/** Per-person change (after minus before) aggregated over the cell's people. */
export type PrePostCell = {
  __typename?: 'PrePostCell';
  ciHigh?: Maybe<Scalars['Float']['output']>;
  /** 95% confidence interval of the mean change (Student's t); null below two people. */
  ciLow?: Maybe<Scalars['Float']['output']>;
  key: Scalars['String']['output'];
  meanAfter?: Maybe<Scalars['Float']['output']>;
  meanBefore?: Maybe<Scalars['Float']['output']>;
  meanChange?: Maybe<Scalars['Float']['output']>;
  medianChange?: Maybe<Scalars['Float']['output']>;
  /** People with both values, paired by GSID. */
  n?: Maybe<Scalars['Int']['output']>;
  standardDeviation?: Maybe<Scalars['Float']['output']>;
  suppressed: Scalars['Boolean']['output'];
  suppression?: Maybe<SuppressionReason>;
  values: Array<IndicatorCellValue>;
};

export type PrePostChange = {
  __typename?: 'PrePostChange';
  after: PrePostMeasure;
  before: PrePostMeasure;
  cells: Array<PrePostCell>;
  code: Scalars['String']['output'];
  /** The cohort: people whose before value was observed in this period; null for everyone. */
  cohort?: Maybe<Scalars['String']['output']>;
  coverage: PathwayCoverage;
  dimensions: Array<Dimension>;
  disclosureControl: DisclosureControl;
  margins: Array<PrePostTable>;
  name: Scalars['String']['output'];
  /** The release every figure here comes from; null for live figures. */
  release?: Maybe<Release>;
  total: PrePostCell;
  unit: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

/** A numeric value collected at one wave: an outcome by period, or a survey answer by wave. */
export type PrePostMeasure = {
  __typename?: 'PrePostMeasure';
  code: Scalars['String']['output'];
  period?: Maybe<OutcomePeriod>;
  source: Scalars['String']['output'];
  wave?: Maybe<Wave>;
};

export type PrePostTable = {
  __typename?: 'PrePostTable';
  cells: Array<PrePostCell>;
  dimensions: Array<Dimension>;
};

export type ProgramType =
  | 'PLACEMENT'
  | 'RETENTION_COACHING'
  | 'TRAINING';

export type Query = {
  __typename?: 'Query';
  /** Frequent phrases the codebook does not cover, shown when at least minPeople people (default k) at two or more partners used them. Backbone only. */
  emergingPhrases?: Maybe<EmergingPhrases>;
  /** An indicator for the whole network, by up to 4 dimensions, optionally against a comparison period. Figures for roles other than the backbone pass disclosure control. release: LATEST (the newest approved release of the period), a release id, or LIVE (computed now); funders read LATEST unless they name a release, everyone else LIVE. */
  networkIndicator?: Maybe<NetworkIndicator>;
  /** Themes of a codebook version across the network (docs/THEMES.md): for each theme, people mentioning it among the people who answered in the wave, by up to 4 dimensions. Only counts leave partners; figures for roles other than the backbone pass disclosure control. A partner still coding the version drops out of the coverage, saying so. release: as networkIndicator's (a release holds each codebook's newest version, intake and exit). */
  networkThemes?: Maybe<NetworkThemes>;
  /** The funnel of a pathway definition for a cohort: people reaching each stage, conversion, median days between stages, and the partner-by-partner transition matrix. Figures for roles other than the backbone pass disclosure control. release: as networkIndicator's (a release holds each program year's cohort). */
  pathwayFunnel?: Maybe<PathwayFunnel>;
  /** A pre/post change indicator (e.g. WAGE_GAIN, CONFIDENCE_GAIN): per-person change paired by GSID across partners, with n and a 95% confidence interval, by up to 4 dimensions. release: as networkIndicator's (a release holds each program year's cohort). */
  prePostChange?: Maybe<PrePostChange>;
  /** An approved release by id. */
  release?: Maybe<Release>;
  /** An approval started in this gateway, while it runs and after. */
  releaseApproval?: Maybe<ReleaseApproval>;
  /** Approved releases, newest first: of one program year, or of all. */
  releases: Array<Release>;
  /** How far every partner's coding of a codebook version has come. */
  themeCodingProgress: Array<PartnerThemeCoding>;
  /** An indicator (e.g. EMP_Q2) among the people who mention a theme and among those who answered without mentioning it, with their counts. Backbone only. */
  themeOutcome?: Maybe<ThemeOutcome>;
};


export type QueryEmergingPhrasesArgs = {
  codebook: Scalars['String']['input'];
  minPeople?: InputMaybe<Scalars['Int']['input']>;
  period: IndicatorPeriod;
  version?: InputMaybe<Scalars['Int']['input']>;
  wave?: InputMaybe<Wave>;
};


export type QueryNetworkIndicatorArgs = {
  by?: InputMaybe<Array<Dimension>>;
  code: Scalars['String']['input'];
  compareTo?: InputMaybe<IndicatorPeriod>;
  period: IndicatorPeriod;
  release?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNetworkThemesArgs = {
  by?: InputMaybe<Array<Dimension>>;
  codebook: Scalars['String']['input'];
  compareTo?: InputMaybe<IndicatorPeriod>;
  period: IndicatorPeriod;
  release?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
  wave?: InputMaybe<Wave>;
};


export type QueryPathwayFunnelArgs = {
  by?: InputMaybe<Array<Dimension>>;
  code: Scalars['String']['input'];
  cohort?: InputMaybe<IndicatorPeriod>;
  release?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPrePostChangeArgs = {
  by?: InputMaybe<Array<Dimension>>;
  code: Scalars['String']['input'];
  cohort?: InputMaybe<IndicatorPeriod>;
  release?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReleaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReleaseApprovalArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReleasesArgs = {
  period?: InputMaybe<IndicatorPeriod>;
};


export type QueryThemeCodingProgressArgs = {
  codebook: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type QueryThemeOutcomeArgs = {
  by?: InputMaybe<Array<Dimension>>;
  codebook: Scalars['String']['input'];
  indicator: Scalars['String']['input'];
  indicatorVersion?: InputMaybe<Scalars['Int']['input']>;
  period: IndicatorPeriod;
  theme: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
  wave?: InputMaybe<Wave>;
};

/** An approved release: one program year's figures, computed once with disclosure control over each indicator's whole protected cube, and stored unchanged. A new release of the period supersedes it; both stay readable. */
export type Release = {
  __typename?: 'Release';
  /** When it was approved (ISO 8601). */
  approvedAt: Scalars['String']['output'];
  /** Who approved it (the token's subject). Backbone and admins. */
  approvedBy: Scalars['String']['output'];
  /** The disclosure audit the release passed before it was published; null for releases approved before releases were audited. */
  audit?: Maybe<ReleaseAudit>;
  coverage: IndicatorCoverage;
  /** How many indicators it holds. */
  figureCount: Scalars['Int']['output'];
  /** True when partners did not answer and the backbone released anyway; coverage names them. */
  forced: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** Why it was approved (required when the period is released again). */
  note?: Maybe<Scalars['String']['output']>;
  /** The program year, e.g. PY2024. */
  period: Scalars['String']['output'];
  /** Partners whose records changed since approval: the period may need releasing again. Backbone and admins. */
  revisions: Array<ReleaseRevision>;
  /** Bytes stored (compressed). */
  sizeBytes: Scalars['Int']['output'];
  /** The newer release of the same period that replaced it. */
  supersededBy?: Maybe<Scalars['ID']['output']>;
  /** The release of the same period it replaced. */
  supersedes?: Maybe<Scalars['ID']['output']>;
};

/** An approval as it runs in the gateway that started it: poll releaseApproval(id) until it is APPROVED or FAILED. A failed or interrupted approval publishes nothing. */
export type ReleaseApproval = {
  __typename?: 'ReleaseApproval';
  /** Every figure is computed and the release is being audited for disclosure (it may take minutes). */
  auditing: Scalars['Boolean']['output'];
  /** Why it failed; nothing was published. */
  error?: Maybe<Scalars['String']['output']>;
  figuresDone: Scalars['Int']['output'];
  figuresTotal: Scalars['Int']['output'];
  /** The release's id once approved. */
  id: Scalars['ID']['output'];
  period: Scalars['String']['output'];
  release?: Maybe<Release>;
  status: ApprovalStatus;
};

/** A release is audited as one publication before it is published: every small cell of every figure, attacked as a funder of the whole network and as each partner's staff (who know their own people), must stay unnarrowed to within the protection level (docs/INDICATORS.md). */
export type ReleaseAudit = {
  __typename?: 'ReleaseAudit';
  /** The readers it was attacked as: funder, staff:<partner>. */
  attackers: Array<Scalars['String']['output']>;
  figures: Scalars['Int']['output'];
  /** What disclosure control costs each role, over every table of every figure it reads. */
  informationLoss: Array<InformationLoss>;
  minimumCellSize: Scalars['Int']['output'];
  protection: Scalars['Int']['output'];
  seconds: Scalars['Float']['output'];
};

export type ReleaseRevision = {
  __typename?: 'ReleaseRevision';
  partnerId: Scalars['ID']['output'];
  /** Records added, changed or deleted since approval (null: unknown, e.g. a partner serving views of its own database keeps no change log). */
  records?: Maybe<Scalars['Int']['output']>;
  status: RevisionStatus;
  /** A table was emptied since approval (its records cannot be counted). */
  truncated: Scalars['Boolean']['output'];
};

/** REVISED: records changed since approval. UNAVAILABLE: the partner did not answer now. NOT_IN_RELEASE: the release was approved without it (forced, or it joined later). */
export type RevisionStatus =
  | 'NOT_IN_RELEASE'
  | 'REVISED'
  | 'UNAVAILABLE';

export type Stage =
  | 'CREDENTIAL'
  | 'INTAKE'
  | 'PLACEMENT'
  | 'RETENTION_12M'
  | 'RETENTION_90D'
  | 'TRAINING';

export type StageTransition = {
  __typename?: 'StageTransition';
  fromStage: Stage;
  handoffs: Array<PathwayHandoff>;
  toStage: Stage;
};

export type Stakeholder = {
  __typename?: 'Stakeholder';
  gsid: Scalars['ID']['output'];
  /** The person's pathway across partners (the backbone; or staff of a partner that serves the person). */
  pathway?: Maybe<PersonPathway>;
};

/** Why a figure is not shown. PROTECTED: it counts fewer than k people, or showing it would let someone narrow down one that does (docs/INDICATORS.md, disclosure control); which of the two is not said, since that too would narrow it. TABLE_WITHHELD: the whole table could not be protected. */
export type SuppressionReason =
  | 'COMPLEMENTARY'
  | 'PROTECTED'
  | 'SMALL_CELL'
  | 'TABLE_WITHHELD';

/** An indicator among the people who mention a theme, and among the people who answered without mentioning it. */
export type ThemeOutcome = {
  __typename?: 'ThemeOutcome';
  mentioning: NetworkIndicator;
  notMentioning: NetworkIndicator;
  theme: Scalars['String']['output'];
};

export type Wave =
  | 'EXIT'
  | 'FOLLOW_UP'
  | 'INTAKE';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Stakeholder: Stakeholder;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Stakeholder:
    ( { __typename: 'Stakeholder' }
    & GraphQLRecursivePick<FederationTypes['Stakeholder'], {"gsid":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApprovalStatus: ApprovalStatus;
  Dimension: Dimension;
  DisclosureControl: ResolverTypeWrapper<DisclosureControl>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  EmergingPhrase: ResolverTypeWrapper<EmergingPhrase>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  EmergingPhrases: ResolverTypeWrapper<EmergingPhrases>;
  FunnelCell: ResolverTypeWrapper<Omit<FunnelCell, 'values'> & { values: Array<ResolversTypes['IndicatorCellValue']> }>;
  FunnelStage: ResolverTypeWrapper<FunnelStage>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FunnelTable: ResolverTypeWrapper<Omit<FunnelTable, 'cells'> & { cells: Array<ResolversTypes['FunnelCell']> }>;
  IndicatorCell: ResolverTypeWrapper<Omit<IndicatorCell, 'values'> & { values: Array<ResolversTypes['IndicatorCellValue']> }>;
  IndicatorCellValue: ResolverTypeWrapper<DimensionValue>;
  IndicatorCoverage: ResolverTypeWrapper<IndicatorCoverage>;
  IndicatorFigure: ResolverTypeWrapper<IndicatorFigure>;
  IndicatorMissingPartner: ResolverTypeWrapper<IndicatorMissingPartner>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IndicatorPeriod: IndicatorPeriod;
  IndicatorTable: ResolverTypeWrapper<Omit<IndicatorTable, 'cells'> & { cells: Array<ResolversTypes['IndicatorCell']> }>;
  InformationLoss: ResolverTypeWrapper<InformationLoss>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NetworkIndicator: ResolverTypeWrapper<Omit<NetworkIndicator, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversTypes['IndicatorCell']>, margins: Array<ResolversTypes['IndicatorTable']>, release?: Maybe<ResolversTypes['Release']>, total: ResolversTypes['IndicatorCell'] }>;
  NetworkTheme: ResolverTypeWrapper<Omit<NetworkTheme, 'figures'> & { figures: ResolversTypes['NetworkIndicator'] }>;
  NetworkThemes: ResolverTypeWrapper<Omit<NetworkThemes, 'release' | 'themes'> & { release?: Maybe<ResolversTypes['Release']>, themes: Array<ResolversTypes['NetworkTheme']> }>;
  OutcomePeriod: OutcomePeriod;
  PartnerThemeCoding: ResolverTypeWrapper<PartnerThemeCoding>;
  PathwayCoverage: ResolverTypeWrapper<PathwayCoverage>;
  PathwayFunnel: ResolverTypeWrapper<Omit<PathwayFunnel, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversTypes['FunnelCell']>, margins: Array<ResolversTypes['FunnelTable']>, release?: Maybe<ResolversTypes['Release']>, total: ResolversTypes['FunnelCell'] }>;
  PathwayHandoff: ResolverTypeWrapper<PathwayHandoff>;
  PathwayMissingPartner: ResolverTypeWrapper<PathwayMissingPartner>;
  PathwayOutcome: ResolverTypeWrapper<PathwayOutcome>;
  PathwaySpell: ResolverTypeWrapper<PathwaySpell>;
  PathwayStageEvent: ResolverTypeWrapper<PathwayStageEvent>;
  PathwayStageReached: ResolverTypeWrapper<PathwayStageReached>;
  PersonPathway: ResolverTypeWrapper<PersonPathway>;
  PrePostCell: ResolverTypeWrapper<Omit<PrePostCell, 'values'> & { values: Array<ResolversTypes['IndicatorCellValue']> }>;
  PrePostChange: ResolverTypeWrapper<Omit<PrePostChange, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversTypes['PrePostCell']>, margins: Array<ResolversTypes['PrePostTable']>, release?: Maybe<ResolversTypes['Release']>, total: ResolversTypes['PrePostCell'] }>;
  PrePostMeasure: ResolverTypeWrapper<PrePostMeasure>;
  PrePostTable: ResolverTypeWrapper<Omit<PrePostTable, 'cells'> & { cells: Array<ResolversTypes['PrePostCell']> }>;
  ProgramType: ProgramType;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Release: ResolverTypeWrapper<StoredRelease>;
  ReleaseApproval: ResolverTypeWrapper<Approval>;
  ReleaseAudit: ResolverTypeWrapper<ReleaseAudit>;
  ReleaseRevision: ResolverTypeWrapper<ReleaseRevision>;
  RevisionStatus: RevisionStatus;
  Stage: Stage;
  StageTransition: ResolverTypeWrapper<StageTransition>;
  Stakeholder: ResolverTypeWrapper<Stakeholder>;
  SuppressionReason: SuppressionReason;
  ThemeOutcome: ResolverTypeWrapper<Omit<ThemeOutcome, 'mentioning' | 'notMentioning'> & { mentioning: ResolversTypes['NetworkIndicator'], notMentioning: ResolversTypes['NetworkIndicator'] }>;
  Wave: Wave;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DisclosureControl: DisclosureControl;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  EmergingPhrase: EmergingPhrase;
  String: Scalars['String']['output'];
  EmergingPhrases: EmergingPhrases;
  FunnelCell: Omit<FunnelCell, 'values'> & { values: Array<ResolversParentTypes['IndicatorCellValue']> };
  FunnelStage: FunnelStage;
  Float: Scalars['Float']['output'];
  FunnelTable: Omit<FunnelTable, 'cells'> & { cells: Array<ResolversParentTypes['FunnelCell']> };
  IndicatorCell: Omit<IndicatorCell, 'values'> & { values: Array<ResolversParentTypes['IndicatorCellValue']> };
  IndicatorCellValue: DimensionValue;
  IndicatorCoverage: IndicatorCoverage;
  IndicatorFigure: IndicatorFigure;
  IndicatorMissingPartner: IndicatorMissingPartner;
  ID: Scalars['ID']['output'];
  IndicatorPeriod: IndicatorPeriod;
  IndicatorTable: Omit<IndicatorTable, 'cells'> & { cells: Array<ResolversParentTypes['IndicatorCell']> };
  InformationLoss: InformationLoss;
  Mutation: Record<PropertyKey, never>;
  NetworkIndicator: Omit<NetworkIndicator, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversParentTypes['IndicatorCell']>, margins: Array<ResolversParentTypes['IndicatorTable']>, release?: Maybe<ResolversParentTypes['Release']>, total: ResolversParentTypes['IndicatorCell'] };
  NetworkTheme: Omit<NetworkTheme, 'figures'> & { figures: ResolversParentTypes['NetworkIndicator'] };
  NetworkThemes: Omit<NetworkThemes, 'release' | 'themes'> & { release?: Maybe<ResolversParentTypes['Release']>, themes: Array<ResolversParentTypes['NetworkTheme']> };
  PartnerThemeCoding: PartnerThemeCoding;
  PathwayCoverage: PathwayCoverage;
  PathwayFunnel: Omit<PathwayFunnel, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversParentTypes['FunnelCell']>, margins: Array<ResolversParentTypes['FunnelTable']>, release?: Maybe<ResolversParentTypes['Release']>, total: ResolversParentTypes['FunnelCell'] };
  PathwayHandoff: PathwayHandoff;
  PathwayMissingPartner: PathwayMissingPartner;
  PathwayOutcome: PathwayOutcome;
  PathwaySpell: PathwaySpell;
  PathwayStageEvent: PathwayStageEvent;
  PathwayStageReached: PathwayStageReached;
  PersonPathway: PersonPathway;
  PrePostCell: Omit<PrePostCell, 'values'> & { values: Array<ResolversParentTypes['IndicatorCellValue']> };
  PrePostChange: Omit<PrePostChange, 'cells' | 'margins' | 'release' | 'total'> & { cells: Array<ResolversParentTypes['PrePostCell']>, margins: Array<ResolversParentTypes['PrePostTable']>, release?: Maybe<ResolversParentTypes['Release']>, total: ResolversParentTypes['PrePostCell'] };
  PrePostMeasure: PrePostMeasure;
  PrePostTable: Omit<PrePostTable, 'cells'> & { cells: Array<ResolversParentTypes['PrePostCell']> };
  Query: Record<PropertyKey, never>;
  Release: StoredRelease;
  ReleaseApproval: Approval;
  ReleaseAudit: ReleaseAudit;
  ReleaseRevision: ReleaseRevision;
  StageTransition: StageTransition;
  Stakeholder: Stakeholder | FederationReferenceTypes['Stakeholder'];
  ThemeOutcome: Omit<ThemeOutcome, 'mentioning' | 'notMentioning'> & { mentioning: ResolversParentTypes['NetworkIndicator'], notMentioning: ResolversParentTypes['NetworkIndicator'] };
};

export type DisclosureControlResolvers<ContextType = any, ParentType extends ResolversParentTypes['DisclosureControl'] = ResolversParentTypes['DisclosureControl']> = {
  applied?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  cubeDimensions?: Resolver<Maybe<Array<ResolversTypes['Dimension']>>, ParentType, ContextType>;
  minimumCellSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  protection?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type EmergingPhraseResolvers<ContextType = any, ParentType extends ResolversParentTypes['EmergingPhrase'] = ResolversParentTypes['EmergingPhrase']> = {
  partners?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  people?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  phrase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EmergingPhrasesResolvers<ContextType = any, ParentType extends ResolversParentTypes['EmergingPhrases'] = ResolversParentTypes['EmergingPhrases']> = {
  codebook?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['IndicatorCoverage'], ParentType, ContextType>;
  minPeople?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  phrases?: Resolver<Array<ResolversTypes['EmergingPhrase']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FunnelCellResolvers<ContextType = any, ParentType extends ResolversParentTypes['FunnelCell'] = ResolversParentTypes['FunnelCell']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['FunnelStage']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['IndicatorCellValue']>, ParentType, ContextType>;
};

export type FunnelStageResolvers<ContextType = any, ParentType extends ResolversParentTypes['FunnelStage'] = ResolversParentTypes['FunnelStage']> = {
  conversion?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  medianDaysFromPrevious?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  people?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suppression?: Resolver<Maybe<ResolversTypes['SuppressionReason']>, ParentType, ContextType>;
};

export type FunnelTableResolvers<ContextType = any, ParentType extends ResolversParentTypes['FunnelTable'] = ResolversParentTypes['FunnelTable']> = {
  cells?: Resolver<Array<ResolversTypes['FunnelCell']>, ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
};

export type IndicatorCellResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorCell'] = ResolversParentTypes['IndicatorCell']> = {
  change?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  current?: Resolver<ResolversTypes['IndicatorFigure'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previous?: Resolver<Maybe<ResolversTypes['IndicatorFigure']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['IndicatorCellValue']>, ParentType, ContextType>;
};

export type IndicatorCellValueResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorCellValue'] = ResolversParentTypes['IndicatorCellValue']> = {
  dimension?: Resolver<ResolversTypes['Dimension'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type IndicatorCoverageResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorCoverage'] = ResolversParentTypes['IndicatorCoverage']> = {
  missing?: Resolver<Array<ResolversTypes['IndicatorMissingPartner']>, ParentType, ContextType>;
  partnersAnswered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partnersAsked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IndicatorFigureResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorFigure'] = ResolversParentTypes['IndicatorFigure']> = {
  numerator?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  people?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suppression?: Resolver<Maybe<ResolversTypes['SuppressionReason']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type IndicatorMissingPartnerResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorMissingPartner'] = ResolversParentTypes['IndicatorMissingPartner']> = {
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type IndicatorTableResolvers<ContextType = any, ParentType extends ResolversParentTypes['IndicatorTable'] = ResolversParentTypes['IndicatorTable']> = {
  cells?: Resolver<Array<ResolversTypes['IndicatorCell']>, ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
};

export type InformationLossResolvers<ContextType = any, ParentType extends ResolversParentTypes['InformationLoss'] = ResolversParentTypes['InformationLoss']> = {
  cells?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cellsSuppressed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  people?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  peopleInSuppressedCells?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = any, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  approveRelease?: Resolver<ResolversTypes['ReleaseApproval'], ParentType, ContextType, RequireFields<MutationApproveReleaseArgs, 'force' | 'period'>>;
  installCodebook?: Resolver<Array<ResolversTypes['PartnerThemeCoding']>, ParentType, ContextType, RequireFields<MutationInstallCodebookArgs, 'code'>>;
};

export type NetworkIndicatorResolvers<ContextType = any, ParentType extends ResolversParentTypes['NetworkIndicator'] = ResolversParentTypes['NetworkIndicator']> = {
  cells?: Resolver<Array<ResolversTypes['IndicatorCell']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  comparisonPeriod?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  countUnit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['IndicatorCoverage'], ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
  disclosureControl?: Resolver<ResolversTypes['DisclosureControl'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  margins?: Resolver<Array<ResolversTypes['IndicatorTable']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['IndicatorCell'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NetworkThemeResolvers<ContextType = any, ParentType extends ResolversParentTypes['NetworkTheme'] = ResolversParentTypes['NetworkTheme']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  figures?: Resolver<ResolversTypes['NetworkIndicator'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NetworkThemesResolvers<ContextType = any, ParentType extends ResolversParentTypes['NetworkThemes'] = ResolversParentTypes['NetworkThemes']> = {
  codebook?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType>;
  themes?: Resolver<Array<ResolversTypes['NetworkTheme']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  wave?: Resolver<ResolversTypes['Wave'], ParentType, ContextType>;
};

export type PartnerThemeCodingResolvers<ContextType = any, ParentType extends ResolversParentTypes['PartnerThemeCoding'] = ResolversParentTypes['PartnerThemeCoding']> = {
  answers?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  coded?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  coderId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pending?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refused?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  running?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  unavailable?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PathwayCoverageResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayCoverage'] = ResolversParentTypes['PathwayCoverage']> = {
  missing?: Resolver<Array<ResolversTypes['PathwayMissingPartner']>, ParentType, ContextType>;
  partnersAnswered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partnersAsked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  peopleAtMissingPartners?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  peopleSeenInPart?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PathwayFunnelResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayFunnel'] = ResolversParentTypes['PathwayFunnel']> = {
  cells?: Resolver<Array<ResolversTypes['FunnelCell']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cohort?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['PathwayCoverage'], ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
  disclosureControl?: Resolver<ResolversTypes['DisclosureControl'], ParentType, ContextType>;
  margins?: Resolver<Array<ResolversTypes['FunnelTable']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  people?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['Stage']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['FunnelCell'], ParentType, ContextType>;
  transitions?: Resolver<Array<ResolversTypes['StageTransition']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withheld?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PathwayHandoffResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayHandoff'] = ResolversParentTypes['PathwayHandoff']> = {
  fromPartner?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  people?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suppression?: Resolver<Maybe<ResolversTypes['SuppressionReason']>, ParentType, ContextType>;
  toPartner?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type PathwayMissingPartnerResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayMissingPartner'] = ResolversParentTypes['PathwayMissingPartner']> = {
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PathwayOutcomeResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayOutcome'] = ResolversParentTypes['PathwayOutcome']> = {
  indicatorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  indicatorVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  observedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['OutcomePeriod'], ParentType, ContextType>;
  valueBoolean?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  valueNumber?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  wave?: Resolver<ResolversTypes['Wave'], ParentType, ContextType>;
};

export type PathwaySpellResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwaySpell'] = ResolversParentTypes['PathwaySpell']> = {
  enrolledOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exitedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gapDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  localId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  outcomes?: Resolver<Array<ResolversTypes['PathwayOutcome']>, ParentType, ContextType>;
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  programType?: Resolver<ResolversTypes['ProgramType'], ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['PathwayStageEvent']>, ParentType, ContextType>;
};

export type PathwayStageEventResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayStageEvent'] = ResolversParentTypes['PathwayStageEvent']> = {
  enteredOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exitedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
};

export type PathwayStageReachedResolvers<ContextType = any, ParentType extends ResolversParentTypes['PathwayStageReached'] = ResolversParentTypes['PathwayStageReached']> = {
  enteredOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
};

export type PersonPathwayResolvers<ContextType = any, ParentType extends ResolversParentTypes['PersonPathway'] = ResolversParentTypes['PersonPathway']> = {
  coverage?: Resolver<ResolversTypes['IndicatorCoverage'], ParentType, ContextType>;
  gsid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  spells?: Resolver<Array<ResolversTypes['PathwaySpell']>, ParentType, ContextType>;
  stagesReached?: Resolver<Array<ResolversTypes['PathwayStageReached']>, ParentType, ContextType>;
};

export type PrePostCellResolvers<ContextType = any, ParentType extends ResolversParentTypes['PrePostCell'] = ResolversParentTypes['PrePostCell']> = {
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  meanAfter?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  meanBefore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  meanChange?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  medianChange?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  n?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  standardDeviation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suppression?: Resolver<Maybe<ResolversTypes['SuppressionReason']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['IndicatorCellValue']>, ParentType, ContextType>;
};

export type PrePostChangeResolvers<ContextType = any, ParentType extends ResolversParentTypes['PrePostChange'] = ResolversParentTypes['PrePostChange']> = {
  after?: Resolver<ResolversTypes['PrePostMeasure'], ParentType, ContextType>;
  before?: Resolver<ResolversTypes['PrePostMeasure'], ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['PrePostCell']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cohort?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['PathwayCoverage'], ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
  disclosureControl?: Resolver<ResolversTypes['DisclosureControl'], ParentType, ContextType>;
  margins?: Resolver<Array<ResolversTypes['PrePostTable']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['PrePostCell'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PrePostMeasureResolvers<ContextType = any, ParentType extends ResolversParentTypes['PrePostMeasure'] = ResolversParentTypes['PrePostMeasure']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  period?: Resolver<Maybe<ResolversTypes['OutcomePeriod']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  wave?: Resolver<Maybe<ResolversTypes['Wave']>, ParentType, ContextType>;
};

export type PrePostTableResolvers<ContextType = any, ParentType extends ResolversParentTypes['PrePostTable'] = ResolversParentTypes['PrePostTable']> = {
  cells?: Resolver<Array<ResolversTypes['PrePostCell']>, ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['Dimension']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = any, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  emergingPhrases?: Resolver<Maybe<ResolversTypes['EmergingPhrases']>, ParentType, ContextType, RequireFields<QueryEmergingPhrasesArgs, 'codebook' | 'period' | 'wave'>>;
  networkIndicator?: Resolver<Maybe<ResolversTypes['NetworkIndicator']>, ParentType, ContextType, RequireFields<QueryNetworkIndicatorArgs, 'by' | 'code' | 'period'>>;
  networkThemes?: Resolver<Maybe<ResolversTypes['NetworkThemes']>, ParentType, ContextType, RequireFields<QueryNetworkThemesArgs, 'by' | 'codebook' | 'period' | 'wave'>>;
  pathwayFunnel?: Resolver<Maybe<ResolversTypes['PathwayFunnel']>, ParentType, ContextType, RequireFields<QueryPathwayFunnelArgs, 'by' | 'code'>>;
  prePostChange?: Resolver<Maybe<ResolversTypes['PrePostChange']>, ParentType, ContextType, RequireFields<QueryPrePostChangeArgs, 'by' | 'code'>>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType, RequireFields<QueryReleaseArgs, 'id'>>;
  releaseApproval?: Resolver<Maybe<ResolversTypes['ReleaseApproval']>, ParentType, ContextType, RequireFields<QueryReleaseApprovalArgs, 'id'>>;
  releases?: Resolver<Array<ResolversTypes['Release']>, ParentType, ContextType, Partial<QueryReleasesArgs>>;
  themeCodingProgress?: Resolver<Array<ResolversTypes['PartnerThemeCoding']>, ParentType, ContextType, RequireFields<QueryThemeCodingProgressArgs, 'codebook' | 'version'>>;
  themeOutcome?: Resolver<Maybe<ResolversTypes['ThemeOutcome']>, ParentType, ContextType, RequireFields<QueryThemeOutcomeArgs, 'by' | 'codebook' | 'indicator' | 'period' | 'theme' | 'wave'>>;
};

export type ReleaseResolvers<ContextType = any, ParentType extends ResolversParentTypes['Release'] = ResolversParentTypes['Release']> = {
  approvedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  approvedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  audit?: Resolver<Maybe<ResolversTypes['ReleaseAudit']>, ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['IndicatorCoverage'], ParentType, ContextType>;
  figureCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  forced?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revisions?: Resolver<Array<ResolversTypes['ReleaseRevision']>, ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  supersededBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  supersedes?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ReleaseApprovalResolvers<ContextType = any, ParentType extends ResolversParentTypes['ReleaseApproval'] = ResolversParentTypes['ReleaseApproval']> = {
  auditing?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  figuresDone?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  figuresTotal?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  release?: Resolver<Maybe<ResolversTypes['Release']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ApprovalStatus'], ParentType, ContextType>;
};

export type ReleaseAuditResolvers<ContextType = any, ParentType extends ResolversParentTypes['ReleaseAudit'] = ResolversParentTypes['ReleaseAudit']> = {
  attackers?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  figures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  informationLoss?: Resolver<Array<ResolversTypes['InformationLoss']>, ParentType, ContextType>;
  minimumCellSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  protection?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ReleaseRevisionResolvers<ContextType = any, ParentType extends ResolversParentTypes['ReleaseRevision'] = ResolversParentTypes['ReleaseRevision']> = {
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  records?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RevisionStatus'], ParentType, ContextType>;
  truncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StageTransitionResolvers<ContextType = any, ParentType extends ResolversParentTypes['StageTransition'] = ResolversParentTypes['StageTransition']> = {
  fromStage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
  handoffs?: Resolver<Array<ResolversTypes['PathwayHandoff']>, ParentType, ContextType>;
  toStage?: Resolver<ResolversTypes['Stage'], ParentType, ContextType>;
};

export type StakeholderResolvers<ContextType = any, ParentType extends ResolversParentTypes['Stakeholder'] = ResolversParentTypes['Stakeholder'], FederationReferenceType extends FederationReferenceTypes['Stakeholder'] = FederationReferenceTypes['Stakeholder']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Stakeholder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  gsid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pathway?: Resolver<Maybe<ResolversTypes['PersonPathway']>, ParentType, ContextType>;
};

export type ThemeOutcomeResolvers<ContextType = any, ParentType extends ResolversParentTypes['ThemeOutcome'] = ResolversParentTypes['ThemeOutcome']> = {
  mentioning?: Resolver<ResolversTypes['NetworkIndicator'], ParentType, ContextType>;
  notMentioning?: Resolver<ResolversTypes['NetworkIndicator'], ParentType, ContextType>;
  theme?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = any> = {
  DisclosureControl?: DisclosureControlResolvers<ContextType>;
  EmergingPhrase?: EmergingPhraseResolvers<ContextType>;
  EmergingPhrases?: EmergingPhrasesResolvers<ContextType>;
  FunnelCell?: FunnelCellResolvers<ContextType>;
  FunnelStage?: FunnelStageResolvers<ContextType>;
  FunnelTable?: FunnelTableResolvers<ContextType>;
  IndicatorCell?: IndicatorCellResolvers<ContextType>;
  IndicatorCellValue?: IndicatorCellValueResolvers<ContextType>;
  IndicatorCoverage?: IndicatorCoverageResolvers<ContextType>;
  IndicatorFigure?: IndicatorFigureResolvers<ContextType>;
  IndicatorMissingPartner?: IndicatorMissingPartnerResolvers<ContextType>;
  IndicatorTable?: IndicatorTableResolvers<ContextType>;
  InformationLoss?: InformationLossResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NetworkIndicator?: NetworkIndicatorResolvers<ContextType>;
  NetworkTheme?: NetworkThemeResolvers<ContextType>;
  NetworkThemes?: NetworkThemesResolvers<ContextType>;
  PartnerThemeCoding?: PartnerThemeCodingResolvers<ContextType>;
  PathwayCoverage?: PathwayCoverageResolvers<ContextType>;
  PathwayFunnel?: PathwayFunnelResolvers<ContextType>;
  PathwayHandoff?: PathwayHandoffResolvers<ContextType>;
  PathwayMissingPartner?: PathwayMissingPartnerResolvers<ContextType>;
  PathwayOutcome?: PathwayOutcomeResolvers<ContextType>;
  PathwaySpell?: PathwaySpellResolvers<ContextType>;
  PathwayStageEvent?: PathwayStageEventResolvers<ContextType>;
  PathwayStageReached?: PathwayStageReachedResolvers<ContextType>;
  PersonPathway?: PersonPathwayResolvers<ContextType>;
  PrePostCell?: PrePostCellResolvers<ContextType>;
  PrePostChange?: PrePostChangeResolvers<ContextType>;
  PrePostMeasure?: PrePostMeasureResolvers<ContextType>;
  PrePostTable?: PrePostTableResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Release?: ReleaseResolvers<ContextType>;
  ReleaseApproval?: ReleaseApprovalResolvers<ContextType>;
  ReleaseAudit?: ReleaseAuditResolvers<ContextType>;
  ReleaseRevision?: ReleaseRevisionResolvers<ContextType>;
  StageTransition?: StageTransitionResolvers<ContextType>;
  Stakeholder?: StakeholderResolvers<ContextType>;
  ThemeOutcome?: ThemeOutcomeResolvers<ContextType>;
};

