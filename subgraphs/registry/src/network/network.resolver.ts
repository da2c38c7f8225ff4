import { Query, Resolver } from 'type-graphql';
import { CONTRACT_VERSION } from '@coalition/shared';
import { Network } from './network.type';

export const NETWORK_ID = 'network';

@Resolver((_of) => Network)
export class NetworkResolver {
  @Query((_returns) => Network, { description: 'Entry point for network-wide questions.' })
  network(): Network {
    return Object.assign(new Network(), { id: NETWORK_ID, contractVersion: CONTRACT_VERSION });
  }
}
