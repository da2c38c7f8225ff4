import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { CONTRACT_VERSION } from '@coalition/shared';
import { buildFederatedSchema, printFederatedSdl, type FieldGuard } from '@coalition/shared/subgraph';
import { checkField } from '@coalition/shared/auth';
import type { RegistryContext } from './context';
import { PartnerResolver } from './partner/partner.resolver';
import { PartnerLifecycleResolver } from './partner/lifecycle.resolver';
import { resolvePartnerReference } from './partner/partner.reference';
import { StakeholderResolver } from './stakeholder/stakeholder.resolver';
import { resolveStakeholderReference } from './stakeholder/stakeholder.reference';
import { IndicatorResolver } from './indicator/indicator.resolver';
import { PathwayResolver } from './pathway/pathway.resolver';
import { NetworkResolver } from './network/network.resolver';
import { LinkageResolver } from './linkage/linkage.resolver';
import { LinkEvidenceResolver } from './linkage/weights.resolver';
import { ReleaseResolver } from './release/release.resolver';
import { CodebookResolver } from './codebook/codebook.resolver';

const resolvers = [
  PartnerResolver,
  PartnerLifecycleResolver,
  StakeholderResolver,
  IndicatorResolver,
  PathwayResolver,
  NetworkResolver,
  LinkageResolver,
  LinkEvidenceResolver,
  ReleaseResolver,
  CodebookResolver,
] as const;

/**
 * Defence in depth: the access rules of @coalition/shared/auth applied again to the proven
 * request, on every field (reference data included, so that a partner's own key reaches its
 * identity resolution and nothing else).
 */
const registryGuard: FieldGuard = {
  gated: () => true,
  check(typeName, fieldName, _source, args, context: RegistryContext) {
    checkField(typeName, fieldName, args, context);
  },
};

let schema: Promise<GraphQLSchema> | undefined;

export function buildRegistrySchema(): Promise<GraphQLSchema> {
  schema ??= buildFederatedSchema(
    { resolvers },
    {
      Partner: { __resolveReference: resolvePartnerReference },
      Stakeholder: { __resolveReference: resolveStakeholderReference },
      Network: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, contractVersion: CONTRACT_VERSION }) },
    },
    registryGuard,
  );
  return schema;
}

export function printRegistrySdl(): Promise<string> {
  return printFederatedSdl({ resolvers });
}
