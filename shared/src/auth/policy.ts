import { PERIOD_KINDS, type PeriodKind } from '../indicator-spec';
import { ROLES, type Caller, type Role } from './caller';

/**
 * What a field gives access to. Every field of the supergraph, and of each subgraph, has a kind:
 * its own entry in FIELD_ACCESS, else its type's in TYPE_ACCESS. A field with neither is
 * refused to everyone (fail closed), and a test walks the composed supergraph for any such field.
 */
export type Access =
  /** code lists, the indicator catalogue, pathway definitions, partner names: any signed-in role */
  | 'reference'
  /**
   * a part of an answer with no meaning of its own (a dimension value, a page cursor, coverage
   * figures): readable wherever the field that returned it was allowed
   */
  | 'part'
  /** network figures after disclosure control (small cells suppressed): the gateway's indicators */
  | 'aggregate'
  /** raw additive cells before disclosure control, for the backbone */
  | 'cells'
  /**
   * the gateway's own protocol with partners and the registry (cells for the analytics engine,
   * shared-person lists, the linkage version): not in the public graph, and answered only to a
   * proof the gateway signed as one of its own services, never for a user
   */
  | 'internal'
  /** a partner's own identity resolution at the registry: only that partner's signed requests */
  | 'linkage'
  /** one partner's data health (counts only) */
  | 'quality'
  /** person-level records under pseudonymous ids (GSIDs, local ids): stages, outcomes, links */
  | 'person'
  /** names, birth dates and contact fields: only the partner that holds them */
  | 'personal'
  /** the linkage audit trail, the review queue and review actions */
  | 'review'
  /** enrolling people at a partner */
  | 'enroll'
  /** approving releases of figures, and what a release says about its approval and later revisions */
  | 'release'
  /** publishing codebooks for free-text answers and installing them at partners (docs/THEMES.md) */
  | 'codebook'
  /** coalition configuration */
  | 'admin';

/** "Type.field" -> what it gives access to, where it differs from its type's. Shared by the gateway and every subgraph. */
export const FIELD_ACCESS: Readonly<Record<string, Access>> = {
  'Query.participant': 'person',
  'Query.participants': 'person',
  'Query.stakeholder': 'person',
  'Query.stakeholders': 'person',
  'Query.reviewQueue': 'review',
  'Query.linkDecision': 'review',
  'Query.partners': 'reference',
  'Query.partner': 'reference',
  'Query.network': 'reference',
  'Query.indicators': 'reference',
  'Query.indicator': 'reference',
  'Query.pathwayStages': 'reference',
  'Query.pathways': 'reference',
  'Query.pathway': 'reference',
  // Federation's entity entry point: each entity's own fields carry their kinds.
  'Query._entities': 'part',
  'Query._service': 'internal',
  'Partner.id': 'reference',
  'Partner.name': 'reference',
  'Partner.programType': 'reference',
  'Partner.status': 'reference',
  'Partner.participants': 'person',
  'Partner.dataQuality': 'quality',
  'Partner.endpoint': 'admin',
  'Network.id': 'reference',
  'Network.contractVersion': 'reference',
  'Network.participantCount': 'cells',
  'Stakeholder.decisions': 'review',
  'Query.indicatorCells': 'internal',
  'Query.indicatorShare': 'internal',
  'Query.indicatorRows': 'internal',
  'Query.sharedStakeholders': 'internal',
  'Query.pathwaySummaries': 'internal',
  'Query.stakeholderReach': 'internal',
  'Query.linkageVersion': 'internal',
  'Query.dataVersion': 'internal',
  'Query.storedReleases': 'internal',
  'Query.storedRelease': 'internal',
  'Query.releaseChunks': 'internal',
  'Mutation.beginRelease': 'internal',
  'Mutation.appendReleaseChunk': 'internal',
  'Mutation.commitRelease': 'internal',
  'Query.changesSince': 'internal',
  'Query.codebooks': 'reference',
  'Query.codebook': 'reference',
  'Mutation.publishCodebook': 'codebook',
  'Mutation.storeCodebook': 'internal',
  'Query.themeCoding': 'quality',
  'Query.answerCodings': 'personal',
  'Query.themePhrases': 'internal',
  'Mutation.recordSurveyAnswer': 'enroll',
  'Query.networkIndicator': 'aggregate',
  'Query.networkThemes': 'aggregate',
  'Query.themeOutcome': 'cells',
  'Query.emergingPhrases': 'cells',
  'Query.themeCodingProgress': 'codebook',
  'Mutation.installCodebook': 'codebook',
  'Query.pathwayFunnel': 'aggregate',
  'Query.prePostChange': 'aggregate',
  'Query.releases': 'reference',
  'Query.release': 'reference',
  'Query.releaseApproval': 'release',
  'Mutation.approveRelease': 'release',
  'Release.approvedBy': 'release',
  'Release.revisions': 'release',
  'Mutation.enrollParticipant': 'enroll',
  'Mutation.recordConsent': 'enroll',
  'Participant.consent': 'personal',
  'Mutation.confirmMatch': 'review',
  'Mutation.rejectMatch': 'review',
  'Mutation.splitLink': 'review',
  'Mutation.rejoinSplit': 'review',
  'Mutation.mergeStakeholders': 'review',
  'Query.linkageWeights': 'review',
  'Mutation.estimateLinkageWeights': 'review',
  'Mutation.activateLinkageWeights': 'review',
  'Mutation.resolveIdentities': 'linkage',
  'Mutation.registerPartner': 'admin',
  'Mutation.rotatePartnerKey': 'admin',
  'Mutation.suspendPartner': 'admin',
  'Mutation.reactivatePartner': 'admin',
  'Mutation.retirePartner': 'admin',
  'Partner.changes': 'admin',
  'Mutation.withdrawIdentities': 'linkage',
  'Mutation.revokeIdentities': 'linkage',
  'Query.linkChanges': 'linkage',
};

/**
 * Which roles may use each kind of field at all. Partner scope narrows it further: staff see
 * person-level data, personal fields and data health of their own partner only, and funders
 * see aggregates of their portfolio only (see `partnerScope`).
 */
export const ACCESS_ROLES: Readonly<Record<Access, readonly Role[]>> = {
  reference: ROLES,
  part: ROLES,
  // No user role: these answer only the gateway's own services, or a partner's own signed request.
  internal: [],
  linkage: [],
  // Funders and partner staff see network figures only after the gateway's disclosure control
  // (small cells suppressed, with complementary suppression); raw cells stay with the backbone.
  aggregate: ['backbone_analyst', 'partner_staff', 'funder'],
  cells: ['backbone_analyst'],
  quality: ['backbone_analyst', 'partner_staff', 'admin'],
  person: ['backbone_analyst', 'partner_staff'],
  personal: ['partner_staff'],
  review: ['backbone_analyst'],
  enroll: ['partner_staff'],
  // Admins and backbone analysts (those granted approve_releases may approve; the resolver checks the grant).
  release: ['backbone_analyst', 'admin'],
  codebook: ['backbone_analyst', 'admin'],
  admin: ['admin'],
};

/** Each type's kind, for its fields without an entry of their own (entities included, wherever reached from). */
export const TYPE_ACCESS: Readonly<Record<string, Access>> = {
  // reference data
  IndicatorDefinition: 'reference',
  PathwayDefinition: 'reference',
  PathwayStage: 'reference',
  // person-level records
  Stakeholder: 'person',
  Participant: 'person',
  ParticipantConnection: 'person',
  StageEvent: 'person',
  Outcome: 'person',
  StakeholderLink: 'person',
  PersonPathway: 'person',
  PathwaySpell: 'person',
  PathwayStageEvent: 'person',
  PathwayStageReached: 'person',
  PathwayOutcome: 'person',
  ParticipantIdentity: 'personal',
  LinkDecision: 'review',
  LinkEvidence: 'review',
  FieldEvidence: 'review',
  LinkageWeightSet: 'review',
  WeightLevel: 'review',
  EnrollmentResult: 'enroll',
  Codebook: 'reference',
  CodebookTheme: 'reference',
  ThemeCodingStatus: 'part',
  CodedTheme: 'part',
  AnswerCoding: 'part',
  AnswerCodingPage: 'part',
  PhraseCount: 'internal',
  SurveyAnswerResult: 'enroll',
  ConsentResult: 'enroll',
  Consent: 'personal',
  // data health
  DataQuality: 'quality',
  FieldCompleteness: 'quality',
  TimelinessBucket: 'quality',
  ValidityRule: 'quality',
  OutlierSummary: 'quality',
  ConsentCoverage: 'quality',
  // raw cells and published figures
  Aggregate: 'cells',
  AggregateCell: 'cells',
  NetworkIndicator: 'aggregate',
  NetworkThemes: 'part',
  NetworkTheme: 'part',
  ThemeOutcome: 'part',
  EmergingPhrases: 'part',
  EmergingPhrase: 'part',
  PartnerThemeCoding: 'part',
  IndicatorTable: 'aggregate',
  IndicatorCell: 'aggregate',
  IndicatorFigure: 'aggregate',
  DisclosureControl: 'aggregate',
  PathwayFunnel: 'aggregate',
  FunnelTable: 'aggregate',
  FunnelCell: 'aggregate',
  FunnelStage: 'aggregate',
  StageTransition: 'aggregate',
  PathwayHandoff: 'aggregate',
  PrePostChange: 'aggregate',
  PrePostMeasure: 'aggregate',
  PrePostTable: 'aggregate',
  PrePostCell: 'aggregate',
  // what was released when, by whom and why: published with the figures
  Release: 'reference',
  // what its disclosure audit found and cost: published with it, so every reader can see the price of protection
  ReleaseAudit: 'reference',
  InformationLoss: 'reference',
  ReleaseApproval: 'release',
  ReleaseRevision: 'release',
  // partner administration: issued keys and the audit trail
  PartnerCredentials: 'admin',
  PartnerChange: 'admin',
  // the internal protocol's answers
  IndicatorCells: 'internal',
  IndicatorCellMeasures: 'internal',
  IndicatorShare: 'internal',
  SharedPeople: 'internal',
  SharedPerson: 'internal',
  PartnerGsid: 'internal',
  StakeholderReach: 'internal',
  StoredRelease: 'internal',
  DataChanges: 'internal',
  _Service: 'internal',
  LinkageResult: 'linkage',
  LinkageWithdrawal: 'linkage',
  IdentityRevocation: 'linkage',
  LinkChangePage: 'linkage',
  LinkChange: 'linkage',
  // parts of answers, as open as the field that returned them
  DimensionValue: 'part',
  IndicatorCellValue: 'part',
  PageInfo: 'part',
  IndicatorCoverage: 'part',
  IndicatorMissingPartner: 'part',
  PathwayCoverage: 'part',
  PathwayMissingPartner: 'part',
};

/**
 * What a field gives access to: its own entry, else its type's; undefined when it has no
 * classification, which every check treats as refused. `__typename` and introspection are parts.
 */
export function accessOf(typeName: string, fieldName: string): Access | undefined {
  if (fieldName.startsWith('__') || typeName.startsWith('__')) return 'part';
  return FIELD_ACCESS[`${typeName}.${fieldName}`] ?? TYPE_ACCESS[typeName];
}

/** Reference data and parts are open to any caller the gateway let in (anonymous ones only with ANONYMOUS_ACCESS=reference). */
export const isOpen = (access: Access | undefined) => access === 'reference' || access === 'part';

export function roleMay(caller: Caller | undefined, access: Access | undefined): boolean {
  if (access === undefined) return false;
  if (isOpen(access)) return true;
  if (!caller) return false;
  return ACCESS_ROLES[access].includes(caller.role);
}
/**
 * The partners whose data of a kind a caller may see: 'ALL', or a list, by the role's row of
 * ROLE_RULES. Person-level data, personal fields and data health of a partner are its own
 * staff's; aggregates are the portfolio's for a funder, and the whole network's for staff (as a
 * funder sees it).
 */
export function partnerScope(caller: Caller, access: Access): 'ALL' | readonly string[] {
  if (!roleMay(caller, access)) return [];
  const { scope } = ROLE_RULES[caller.role];
  return partnersReached(caller, access === 'aggregate' ? scope.aggregate : scope.records);
}

export function inScope(caller: Caller, access: Access, partnerId: string): boolean {
  const scope = partnerScope(caller, access);
  return scope === 'ALL' || scope.includes(partnerId);
}

/** Which partners a rule reaches: every one, the caller's own, the funder's portfolio (as its token lists it), or none. */
export type PartnerReach = 'ALL' | 'OWN_PARTNER' | 'PORTFOLIO' | 'NONE';

export function partnersReached(caller: Caller, reach: PartnerReach): 'ALL' | readonly string[] {
  switch (reach) {
    case 'ALL':
      return 'ALL';
    case 'OWN_PARTNER':
      return caller.partnerId ? [caller.partnerId] : [];
    case 'PORTFOLIO':
      return caller.portfolio ?? [];
    case 'NONE':
      return [];
  }
}

/**
 * What a role gets beyond which fields it may use (ACCESS_ROLES): the partners its data comes
 * from (`partnerScope`, which the fan-out and person pathways apply), and the disclosure rules of
 * network figures (indicators, funnels, pre/post changes), which the gateway's disclosure scope
 * applies. One row per role (docs/ACCESS.md): adding a role is a row here.
 */
export interface RoleRules {
  /** How messages name the role's people, in the plural. */
  readonly plural: string;
  /** Whose data it reaches: aggregates, and records (person-level data, personal fields, data health). */
  readonly scope: { readonly aggregate: PartnerReach; readonly records: PartnerReach };
  /** Figures as computed: no small-cell suppression, and a partial figure with its coverage when partners are missing. */
  readonly unsuppressed: boolean;
  /** The period kinds it may ask figures for (whole program years cannot be differenced against each other). */
  readonly periods: readonly PeriodKind[];
  /**
   * Whether it may ask figures over all of time (a funnel or pre/post change without a cohort):
   * all time minus the program years would leave a partial year to difference.
   */
  readonly allTime: boolean;
  /** The dimensions it may disaggregate by: every one, or the protected cube's (those not `backboneOnly`). */
  readonly dimensions: 'ALL' | 'PROTECTED_CUBE';
  /** Whose partner drill-down cells (PARTNER=...) and handoffs it is shown. */
  readonly drillDown: PartnerReach;
  /** Root fields naming a partner in `partnerId`: any partner, or its own only. */
  readonly partnerArgument: 'ANY' | 'OWN_PARTNER';
  /**
   * The network indicators it reads unless it names a release: LIVE (computed now) or RELEASED
   * (the newest approved release of the period; live figures only where the coalition allows them).
   */
  readonly figures: 'LIVE' | 'RELEASED';
}

const PROTECTED = { unsuppressed: false, periods: ['PROGRAM_YEAR'], allTime: false, dimensions: 'PROTECTED_CUBE' } as const;

export const ROLE_RULES: Readonly<Record<Role, RoleRules>> = {
  backbone_analyst: {
    plural: 'the backbone',
    scope: { aggregate: 'ALL', records: 'ALL' },
    unsuppressed: true,
    periods: PERIOD_KINDS,
    allTime: true,
    dimensions: 'ALL',
    drillDown: 'ALL',
    partnerArgument: 'ANY',
    figures: 'LIVE',
  },
  partner_staff: {
    plural: 'partner staff',
    scope: { aggregate: 'ALL', records: 'OWN_PARTNER' },
    ...PROTECTED,
    drillDown: 'OWN_PARTNER',
    partnerArgument: 'OWN_PARTNER',
    figures: 'LIVE',
  },
  funder: {
    plural: 'funders',
    scope: { aggregate: 'PORTFOLIO', records: 'PORTFOLIO' },
    ...PROTECTED,
    drillDown: 'PORTFOLIO',
    partnerArgument: 'ANY',
    figures: 'RELEASED',
  },
  // Admins configure the coalition: no figures (ACCESS_ROLES refuses them), so the strictest rules.
  admin: {
    plural: 'admins',
    scope: { aggregate: 'ALL', records: 'ALL' },
    ...PROTECTED,
    drillDown: 'NONE',
    partnerArgument: 'ANY',
    figures: 'LIVE',
  },
};
