import { DomainError, ErrorCode, STAGES, dayNumber, type Stage } from '@coalition/shared';
import { inScope, partnerScope, type Caller } from '@coalition/shared/auth';
import type { Coverage, MissingPartner } from '../../coverage';
import { ANALYTICS_SERVICE } from '../../upstream/identity';
import { unavailable } from '../../upstream/outcome';
import type { PartnerEntry } from '../../upstream/target';
import { RecordsDocument, type RecordsQuery } from '../../upstream/generated/partner';
import { LinksDocument, type LinksQuery } from '../../upstream/generated/registry';
import { required, type ServiceClient } from '../service-client';

/** One partner's record of the person, as the partner answers `Records`. */
type PartnerRecord = NonNullable<Extract<RecordsQuery['_entities'][number], { records: unknown }>['records']>[number];

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

type Links = NonNullable<LinksQuery['stakeholder']>['links'];

interface PathwayServices {
  client: ServiceClient;
  /** The active partners. */
  directory: readonly PartnerEntry[];
  coverage: Coverage;
}

const REFUSAL = 'Stakeholder.pathway: partner staff see the pathways of people their own partner serves; funders see none';
const refused = () => new DomainError(ErrorCode.FORBIDDEN, REFUSAL, { field: 'pathway' });

/**
 * One partner's spells of the person. A partner in the caller's scope for person data (the rule
 * the fan-out applies) is asked as the caller, so it checks that scope again itself. One outside
 * it is the documented exception (docs/ACCESS.md): a partner's staff see the spells of a person
 * their partner serves at other partners, asked as the gateway's analytics service, without
 * their local ids.
 */
async function spellsAt(caller: Caller, partnerId: string, gsid: string, links: Links, services: PathwayServices): Promise<PathwaySpell[]> {
  const partner = services.directory.find((p) => p.id === partnerId);
  if (!partner) {
    services.coverage.record({ partnerId }, unavailable('not an active partner with an endpoint in the registry'));
    return [];
  }
  const own = inScope(caller, 'person', partnerId);
  const representation = { __typename: 'Stakeholder', gsid, links: links.filter((l) => l.partnerId === partnerId) };
  const data = await services.client.partner(
    partner,
    RecordsDocument,
    { representations: [representation] },
    services.coverage,
    own ? { caller } : ANALYTICS_SERVICE,
  );
  const entity = data?._entities[0];
  const records = entity && 'records' in entity ? entity.records : null;
  return (records ?? []).map(({ stageEvents, localId, ...rest }) => ({
    ...rest,
    partnerId,
    localId: own ? localId : null,
    gapDays: null,
    stages: stageEvents,
  }));
}

/** Spells in time order, each with the gap since the one before. */
function inTimeOrder(spells: PathwaySpell[]): PathwaySpell[] {
  spells.sort((a, b) => (a.enrolledOn < b.enrolledOn ? -1 : a.enrolledOn > b.enrolledOn ? 1 : a.partnerId.localeCompare(b.partnerId)));
  for (let i = 1; i < spells.length; i++) {
    const before = spells[i - 1].exitedOn;
    spells[i].gapDays = before === null ? null : dayNumber(spells[i].enrolledOn) - dayNumber(before);
  }
  return spells;
}

/** The first time each stage was reached, and where. */
function stagesReached(spells: readonly PathwaySpell[]): PersonPathway['stagesReached'] {
  const first = new Map<Stage, { stage: Stage; partnerId: string; enteredOn: string }>();
  for (const spell of spells) {
    for (const event of spell.stages) {
      const seen = first.get(event.stage);
      if (!seen || event.enteredOn < seen.enteredOn) first.set(event.stage, { stage: event.stage, partnerId: spell.partnerId, enteredOn: event.enteredOn });
    }
  }
  return STAGES.filter((s) => first.has(s)).map((s) => first.get(s)!);
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
  const scope = partnerScope(caller, 'person');
  if (scope !== 'ALL' && scope.length === 0) throw refused();
  // All of the person's links, not the caller's share: staff see the whole pathway of a person their partner serves.
  const stakeholder = required((await client.registry(LinksDocument, { gsid })).stakeholder, 'stakeholder');
  const partnerIds = [...new Set(stakeholder.links.map((l) => l.partnerId))].sort();
  if (scope !== 'ALL' && !partnerIds.some((id) => scope.includes(id))) throw refused();
  const services = { client, directory, coverage };
  const spells = (await Promise.all(partnerIds.map((id) => spellsAt(caller, id, stakeholder.gsid, stakeholder.links, services)))).flat();
  const ordered = inTimeOrder(spells);
  return { gsid: stakeholder.gsid, spells: ordered, stagesReached: stagesReached(ordered), coverage: coverage.summary() };
}
