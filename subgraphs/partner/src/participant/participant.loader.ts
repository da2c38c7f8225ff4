import DataLoader from 'dataloader';
import type { Participant } from './participant.entity';
import type { StageEvent } from './stage-event.entity';
import type { Outcome } from './outcome.entity';
import type { ParticipantService } from './participant.service';
import type { ParticipantIdentity } from './participant-identity.type';

export interface ParticipantLoaders {
  participantByLocalId: DataLoader<string, Participant | null>;
  participantsByGsid: DataLoader<string, Participant[]>;
  stageEventsByParticipant: DataLoader<string, StageEvent[]>;
  outcomesByParticipant: DataLoader<string, Outcome[]>;
  identityByParticipant: DataLoader<string, ParticipantIdentity | null>;
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string | null): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) {
    const key = keyOf(row);
    if (key !== null) groups.get(key)?.push(row);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * One set per request: batches every load of a tick into one SQL statement per loader.
 * `outside`: the reader is not this partner's own staff, so people who did not consent to
 * sharing their records are not loaded at all (docs/CONSENT.md).
 */
export function createParticipantLoaders(service: ParticipantService, outside = false): ParticipantLoaders {
  return {
    participantByLocalId: new DataLoader(async (ids) => {
      const byId = new Map((await service.findByLocalIds(ids, outside)).map((p) => [p.localId, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    participantsByGsid: new DataLoader(async (gsids) => groupBy(gsids, await service.findByGsids(gsids, outside), (p) => p.gsid)),
    stageEventsByParticipant: new DataLoader(async (ids) => groupBy(ids, await service.stageEventsOf(ids), (s) => s.participantLocalId)),
    outcomesByParticipant: new DataLoader(async (ids) => groupBy(ids, await service.outcomesOf(ids), (o) => o.participantLocalId)),
    identityByParticipant: new DataLoader(async (ids) => {
      const byId = new Map((await service.identitiesOf(ids)).map(({ localId, ...identity }) => [localId, identity]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
