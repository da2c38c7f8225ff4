import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, printFederatedSdl, type FieldGuard } from '@coalition/shared/subgraph';
import { accessOf, checkField, isOpen } from '@coalition/shared/auth';
import type { PartnerContext } from './context';
import { ParticipantResolver } from './participant/participant.resolver';
import { resolveParticipantReference } from './participant/participant.reference';
import { StakeholderResolver } from './stakeholder/stakeholder.resolver';
import { resolveStakeholderReference } from './stakeholder/stakeholder.reference';
import { NetworkResolver } from './network/network.resolver';
import { resolveNetworkReference } from './network/network.reference';
import { PartnerResolver } from './partner/partner.resolver';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { IndicatorResolver } from './indicator/indicator.resolver';
import { PathwayResolver } from './pathway/pathway.resolver';
import { resolvePartnerReference } from './partner/partner.reference';
import { DataVersionResolver } from './version/data-version.resolver';
import { ThemeCodingResolver } from './themes/coding.resolver';

import { Stakeholder } from './stakeholder/stakeholder.type';
import { Network } from './network/network.type';
import { Partner } from './partner/partner.type';

const resolvers = [
  ParticipantResolver,
  StakeholderResolver,
  NetworkResolver,
  PartnerResolver,
  EnrollmentResolver,
  IndicatorResolver,
  PathwayResolver,
  DataVersionResolver,
  ThemeCodingResolver,
] as const;
// Entities the partners subgraph only extends are reachable from no root field here.
const orphanedTypes = [Stakeholder, Network, Partner];

/**
 * Defence in depth: every field that is not reference data checks the proven request's role,
 * partner scope and service identity here, whatever the gateway already checked. Unclassified
 * fields are gated too, and refused.
 */
const partnerGuard: FieldGuard = {
  gated: (typeName, fieldName) => !isOpen(accessOf(typeName, fieldName)),
  check(typeName, fieldName, _source, args, context: PartnerContext) {
    checkField(typeName, fieldName, args, context.request, context.partner.id);
  },
};

let schema: Promise<GraphQLSchema> | undefined;

/** The partners subgraph schema: identical for every partner, so built once per process. */
export function buildPartnerSchema(): Promise<GraphQLSchema> {
  schema ??= buildFederatedSchema(
    { resolvers, orphanedTypes },
    {
      Participant: { __resolveReference: resolveParticipantReference },
      Stakeholder: { __resolveReference: resolveStakeholderReference },
      Network: { __resolveReference: resolveNetworkReference },
      Partner: { __resolveReference: resolvePartnerReference },
    },
    partnerGuard,
  );
  return schema;
}

/** The SDL composition uses for the partners subgraph. */
export function printPartnerSdl(): Promise<string> {
  return printFederatedSdl({ resolvers, orphanedTypes });
}
