import type { RegistryContext } from '../context';
import type { Stakeholder } from './stakeholder.entity';

export function resolveStakeholderReference(reference: { gsid: string }, context: RegistryContext): Promise<Stakeholder | null> {
  return context.loaders.stakeholderByGsid.load(reference.gsid);
}
