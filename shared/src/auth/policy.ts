import type { Caller, Role } from './caller';

/**
 * What a field gives access to. Every field of the supergraph not listed in FIELD_ACCESS is
 * reference data (code lists, the indicator catalogue, partner names) open to any signed-in role.
 */
export type Access =
  /** network figures after disclosure control (small cells suppressed): the gateway's indicators */
  | 'aggregate'
  /** raw additive cells before disclosure control, and the shared-person lists that dedupe them */
  | 'cells'
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
  /** coalition configuration */
  | 'admin';

/** "Type.field" -> what it gives access to. Shared by the gateway and every subgraph. */
export const FIELD_ACCESS: Readonly<Record<string, Access>> = {
  'Query.participant': 'person',
  'Query.participants': 'person',
  'Query.stakeholder': 'person',
  'Query.stakeholders': 'person',
  'Query.reviewQueue': 'review',
  'Query.linkDecision': 'review',
  'Partner.participants': 'person',
  'Partner.dataQuality': 'quality',
  'Partner.endpoint': 'admin',
  'Stakeholder.links': 'person',
  'Stakeholder.records': 'person',
  'Stakeholder.pathway': 'person',
  'Stakeholder.decisions': 'review',
  'Network.participantCount': 'cells',
  'Query.indicatorCells': 'cells',
  'Query.indicatorPeople': 'cells',
  'Query.indicatorRows': 'cells',
  'Query.sharedStakeholders': 'cells',
  'Query.pathwaySummaries': 'cells',
  'Query.stakeholderReach': 'cells',
  'Query.linkageVersion': 'cells',
  'Query.networkIndicator': 'aggregate',
  'Query.pathwayFunnel': 'aggregate',
  'Query.prePostChange': 'aggregate',
  'Participant.identity': 'personal',
  'Mutation.enrollParticipant': 'enroll',
  'Mutation.confirmMatch': 'review',
  'Mutation.rejectMatch': 'review',
  'Mutation.splitLink': 'review',
  'Mutation.rejoinSplit': 'review',
  'Mutation.mergeStakeholders': 'review',
};

/**
 * Which roles may use each kind of field at all. Partner scope narrows it further: staff see
 * person-level data, personal fields and data health of their own partner only, and funders
 * see aggregates of their portfolio only (see `partnerScope`).
 */
export const ACCESS_ROLES: Readonly<Record<Access, readonly Role[]>> = {
  // Funders and partner staff see network figures only after the gateway's disclosure control
  // (small cells suppressed, with complementary suppression); raw cells stay with the backbone.
  aggregate: ['backbone_analyst', 'partner_staff', 'funder'],
  cells: ['backbone_analyst'],
  quality: ['backbone_analyst', 'partner_staff', 'admin'],
  person: ['backbone_analyst', 'partner_staff'],
  personal: ['partner_staff'],
  review: ['backbone_analyst'],
  enroll: ['partner_staff'],
  admin: ['admin'],
};

/** Types whose every field is of one kind, wherever they are reached from (entities included). */
export const TYPE_ACCESS: Readonly<Record<string, Access>> = {
  Participant: 'person',
  StageEvent: 'person',
  Outcome: 'person',
  StakeholderLink: 'person',
  PersonPathway: 'person',
  PathwaySpell: 'person',
  ParticipantIdentity: 'personal',
  LinkDecision: 'review',
  EnrollmentResult: 'enroll',
  DataQuality: 'quality',
};

/** What a field gives access to: its own entry, else its type's, else reference data (null). */
export function accessOf(typeName: string, fieldName: string): Access | null {
  if (fieldName === '__typename') return null;
  return FIELD_ACCESS[`${typeName}.${fieldName}`] ?? TYPE_ACCESS[typeName] ?? null;
}

export function roleMay(caller: Caller | undefined, access: Access | null): boolean {
  if (!caller) return false;
  return access === null || ACCESS_ROLES[access].includes(caller.role);
}

/**
 * The partners whose data of a kind a caller may see: 'ALL', or a list. Person-level data,
 * personal fields and data health of a partner are its own staff's; aggregates are the
 * portfolio's for a funder, and the whole network's for staff (as a funder sees it).
 */
export function partnerScope(caller: Caller, access: Access): 'ALL' | readonly string[] {
  if (!roleMay(caller, access)) return [];
  if (caller.role === 'partner_staff') return access === 'aggregate' ? 'ALL' : [caller.partnerId!];
  if (caller.role === 'funder') return caller.portfolio ?? [];
  return 'ALL';
}

export function inScope(caller: Caller, access: Access, partnerId: string): boolean {
  const scope = partnerScope(caller, access);
  return scope === 'ALL' || scope.includes(partnerId);
}

/** Roles that see aggregates only after disclosure control (small cells suppressed). */
export const needsDisclosureControl = (caller: Caller) => caller.role !== 'backbone_analyst';
