import { DomainError, ErrorCode, STAGES, dayNumber, type Stage } from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import type { Coverage, MissingPartner } from '../../coverage';
import type { PartnerEntry } from '../../fanout/partner-directory';
import type { ServiceClient } from '../service-client';

const LINKS_QUERY = 'query Links($gsid: ID!) { stakeholder(gsid: $gsid) { gsid links { partnerId localId } } }';
const RECORDS_QUERY = `query Records($representations: [_Any!]!) { _entities(representations: $representations) { ... on Stakeholder { records {
  localId programType enrolledOn exitedOn
  stageEvents { stage enteredOn exitedOn }
  outcomes { indicatorCode indicatorVersion period wave valueNumber valueBoolean observedOn }
} } } }`;

interface PartnerRecord {
  localId: string;
  programType: string;
  enrolledOn: string;
  exitedOn: string | null;
  stageEvents: Array<{ stage: Stage; enteredOn: string; exitedOn: string | null }>;
  outcomes: Array<{ indicatorCode: string; indicatorVersion: number; period: string; wave: string; valueNumber: number | null; valueBoolean: boolean | null; observedOn: string | null }>;
}

export interface PathwaySpell extends Omit<PartnerRecord, 'localId' | 'stageEvents'> {
  partnerId: string;
  /** For the backbone and the record's own partner's staff only. */
  localId: string | null;
  /** Days from the end of the spell before to the start of this one (negative: they overlap); null for the first, or when the one before has not ended. */
  gapDays: number | null;
  stages: PartnerRecord['stageEvents'];
}

export interface PersonPathway {
  gsid: string;
  spells: PathwaySpell[];
  stagesReached: Array<{ stage: Stage; partnerId: string; enteredOn: string }>;
  coverage: { partnersAsked: number; partnersAnswered: number; missing: MissingPartner[] };
}

/**
 * One person's pathway across partners, in time order. The registry's links say which partners
 * hold the person (only they are asked); each partner sends its records of the person (dates,
 * stages, outcomes; never names or identifiers) to the gateway, which orders them here.
 * The backbone sees any person; partner staff see the people their partner serves, including
 * their spells elsewhere, but not other partners' local ids.
 */
export async function personPathway(
  caller: Caller,
  gsid: string,
  client: ServiceClient,
  directory: readonly PartnerEntry[],
  coverage: Coverage,
): Promise<PersonPathway> {
  const { stakeholder } = await client.registry<{ stakeholder: { gsid: string; links: Array<{ partnerId: string; localId: string }> } }>(LINKS_QUERY, { gsid });
  const partnerIds = [...new Set(stakeholder.links.map((l) => l.partnerId))].sort();
  const backbone = caller.role === 'backbone_analyst';
  if (!backbone && !(caller.role === 'partner_staff' && partnerIds.includes(caller.partnerId!))) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Stakeholder.pathway: partner staff see the pathways of people their own partner serves; funders see none', { field: 'pathway' });
  }
  const spells: PathwaySpell[] = [];
  await Promise.all(partnerIds.map(async (partnerId) => {
    const partner = directory.find((p) => p.id === partnerId);
    if (!partner) {
      coverage.recordAsked(partnerId);
      coverage.recordMissing(partnerId, 'not an active partner with an endpoint in the registry');
      return;
    }
    const representation = { __typename: 'Stakeholder', gsid: stakeholder.gsid, links: stakeholder.links.filter((l) => l.partnerId === partnerId) };
    const data = await client.partner<{ _entities: Array<{ records: PartnerRecord[] | null } | null> }>(partner, RECORDS_QUERY, { representations: [representation] }, coverage);
    for (const record of data?._entities[0]?.records ?? []) {
      const { stageEvents, localId, ...rest } = record;
      spells.push({ ...rest, partnerId, localId: backbone || caller.partnerId === partnerId ? localId : null, gapDays: null, stages: stageEvents });
    }
  }));
  spells.sort((a, b) => (a.enrolledOn < b.enrolledOn ? -1 : a.enrolledOn > b.enrolledOn ? 1 : a.partnerId.localeCompare(b.partnerId)));
  for (let i = 1; i < spells.length; i++) {
    const before = spells[i - 1].exitedOn;
    spells[i].gapDays = before === null ? null : dayNumber(spells[i].enrolledOn) - dayNumber(before);
  }
  const first = new Map<Stage, { stage: Stage; partnerId: string; enteredOn: string }>();
  for (const spell of spells) {
    for (const event of spell.stages) {
      const seen = first.get(event.stage);
      if (!seen || event.enteredOn < seen.enteredOn) first.set(event.stage, { stage: event.stage, partnerId: spell.partnerId, enteredOn: event.enteredOn });
    }
  }
  const summary = coverage.summary();
  return {
    gsid: stakeholder.gsid,
    spells,
    stagesReached: STAGES.filter((s) => first.has(s)).map((s) => first.get(s)!),
    coverage: summary,
  };
}
