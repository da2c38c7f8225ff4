import { notFound } from '@coalition/shared';
import { Network } from './network.type';

export const NETWORK_ID = 'network';

export function resolveNetworkReference(reference: { id: string }): Network {
  if (reference.id !== NETWORK_ID) throw notFound('network', reference.id);
  return Object.assign(new Network(), { id: reference.id });
}
