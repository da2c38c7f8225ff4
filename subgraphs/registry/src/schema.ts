import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { CONTRACT_VERSION } from '@coalition/shared';
import { buildFederatedSchema, printFederatedSdl, type FieldGuard } from '@coalition/shared/subgraph';
import { accessOf, forbidden, partnerIssuer, roleMay } from '@coalition/shared/auth';
import type { RegistryContext } from './context';
import { PartnerResolver } from './partner/partner.resolver';
import { resolvePartnerReference } from './partner/partner.reference';
import { StakeholderResolver } from './stakeholder/stakeholder.resolver';
import { resolveStakeholderReference } from './stakeholder/stakeholder.reference';
import { IndicatorResolver } from './indicator/indicator.resolver';
import { PathwayResolver } from './pathway/pathway.resolver';
import { NetworkResolver } from './network/network.resolver';
import { LinkageResolver } from './linkage/linkage.resolver';

const resolvers = [PartnerResolver, StakeholderResolver, IndicatorResolver, PathwayResolver, NetworkResolver, LinkageResolver] as const;

/**
 * Defence in depth: the access rules of @coalition/shared/auth applied again to the forwarded
 * caller. resolveIdentities answers only a partner's own signed request, for that partner.
 */
const registryGuard: FieldGuard = {
  gated: (typeName, fieldName) => accessOf(typeName, fieldName) !== null || `${typeName}.${fieldName}` === 'Mutation.resolveIdentities',
  check(typeName, fieldName, _source, args, context: RegistryContext) {
    if (`${typeName}.${fieldName}` === 'Mutation.resolveIdentities') {
      if (context.issuer !== partnerIssuer(String(args.partnerId))) throw forbidden(`resolveIdentities for partner ${String(args.partnerId)}`, context.caller ?? undefined);
      return;
    }
    if (!roleMay(context.caller ?? undefined, accessOf(typeName, fieldName))) throw forbidden(`${typeName}.${fieldName}`, context.caller ?? undefined);
  },
};

let schema: Promise<GraphQLSchema> | undefined;

export function buildRegistrySchema(): Promise<GraphQLSchema> {
  schema ??= buildFederatedSchema({ resolvers }, {
    Partner: { __resolveReference: resolvePartnerReference },
    Stakeholder: { __resolveReference: resolveStakeholderReference },
    Network: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, contractVersion: CONTRACT_VERSION }) },
  }, registryGuard);
  return schema;
}

export function printRegistrySdl(): Promise<string> {
  return printFederatedSdl({ resolvers });
}
