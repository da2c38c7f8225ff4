import type { RegistryContext } from '../context';
import type { Partner } from './partner.entity';

export function resolvePartnerReference(reference: { id: string }, context: RegistryContext): Promise<Partner | null> {
  return context.loaders.partnerById.load(reference.id);
}
