import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema } from 'graphql';
import { printPartnerSdl } from '@coalition/partner';
import { printRegistrySdl } from '@coalition/registry';
import { ANALYTICS_SDL } from './analytics/schema';

/** The schemas codegen reads (gateway/codegen.ts): the two services the gateway asks, and its own analytics subgraph. */
export type SchemaName = 'registry' | 'partner' | 'analytics';

const HEADER = "# Written by the gateway build (src/compose-cli.ts) from the subgraphs' code; read by codegen (codegen.ts).\n";

/**
 * A service's schema as it serves it: its subgraph SDL built the way the service builds it, so
 * federation's fields (`_entities`) and directive definitions are there and the SDL stands alone.
 */
const served = (sdl: string, service: string) =>
  `${HEADER}# What the ${service} serves, internal (@inaccessible) fields and _entities included.\n\n${printSchema(buildSubgraphSchema(parse(sdl)))}\n`;

/**
 * The schemas the gateway's code is typed against: the registry's and the partner subgraph's,
 * which its own operations are sent to, and the analytics subgraph's SDL as written (codegen's
 * federation mode types its reference resolvers), which its resolvers answer.
 */
export async function printSchemas(): Promise<Record<SchemaName, string>> {
  const [registry, partner] = await Promise.all([printRegistrySdl(), printPartnerSdl()]);
  return {
    registry: served(registry, 'registry'),
    partner: served(partner, 'partner subgraph'),
    analytics: `${HEADER}# The analytics subgraph's SDL (src/analytics/schema.ts), which the gateway serves in process.\n${ANALYTICS_SDL}`,
  };
}
