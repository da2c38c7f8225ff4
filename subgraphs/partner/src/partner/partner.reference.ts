import type { PartnerContext } from '../context';
import { Partner } from './partner.type';

/** Only the partner itself answers for its id; the fan-out sends each Partner reference to that partner. */
export function resolvePartnerReference(reference: { id: string }, context: PartnerContext): Partner | null {
  return reference.id === context.partner.id ? Object.assign(new Partner(), { id: reference.id }) : null;
}
