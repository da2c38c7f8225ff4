import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { CONTRACT_VERSION } from '@coalition/shared';
import { buildFederatedSchema, printFederatedSdl } from '@coalition/shared/subgraph';
import { PartnerResolver } from './partner/partner.resolver';
import { resolvePartnerReference } from './partner/partner.reference';
import { StakeholderResolver } from './stakeholder/stakeholder.resolver';
import { resolveStakeholderReference } from './stakeholder/stakeholder.reference';
import { IndicatorResolver } from './indicator/indicator.resolver';
import { PathwayResolver } from './pathway/pathway.resolver';
import { NetworkResolver } from './network/network.resolver';
import { LinkageResolver } from './linkage/linkage.resolver';

const resolvers = [PartnerResolver, StakeholderResolver, IndicatorResolver, PathwayResolver, NetworkResolver, LinkageResolver] as const;

let schema: Promise<GraphQLSchema> | undefined;

export function buildRegistrySchema(): Promise<GraphQLSchema> {
  schema ??= buildFederatedSchema({ resolvers }, {
    Partner: { __resolveReference: resolvePartnerReference },
    Stakeholder: { __resolveReference: resolveStakeholderReference },
    Network: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, contractVersion: CONTRACT_VERSION }) },
  });
  return schema;
}

export function printRegistrySdl(): Promise<string> {
  return printFederatedSdl({ resolvers });
}
