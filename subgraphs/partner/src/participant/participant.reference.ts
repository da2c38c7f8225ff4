import type { PartnerContext } from '../context';
import type { Participant } from './participant.entity';

/** The fan-out routes a Participant reference by its partnerId; one addressed elsewhere resolves to null. */
export function resolveParticipantReference(reference: { partnerId: string; localId: string }, context: PartnerContext): Promise<Participant | null> | null {
  if (reference.partnerId !== context.partner.id) return null;
  return context.loaders.participantByLocalId.load(reference.localId);
}
