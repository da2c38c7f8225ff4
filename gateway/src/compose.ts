import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { printPartnerSdl } from '@coalition/partner';
import { printRegistrySdl } from '@coalition/registry';

import { ANALYTICS_SUBGRAPH, PARTNERS_SUBGRAPH, REGISTRY_SUBGRAPH } from './subgraph-names';
import { ANALYTICS_SDL } from './analytics/schema';

export class CompositionError extends Error {
  constructor(readonly messages: string[]) {
    super(`Supergraph composition failed:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
  }
}

/**
 * Composes the supergraph from the subgraphs' own SDL. URLs in it are placeholders: the
 * registry URL comes from configuration and partner URLs from the registry at runtime.
 */
export async function composeSupergraph(): Promise<string> {
  const [registry, partners] = await Promise.all([printRegistrySdl(), printPartnerSdl()]);
  const result = composeServices([
    { name: REGISTRY_SUBGRAPH, typeDefs: parse(registry), url: 'http://registry.invalid/graphql' },
    { name: PARTNERS_SUBGRAPH, typeDefs: parse(partners), url: 'http://partners.invalid/graphql' },
    // Served inside the gateway process.
    { name: ANALYTICS_SUBGRAPH, typeDefs: parse(ANALYTICS_SDL), url: 'http://analytics.invalid/graphql' },
  ]);
  if (result.errors) throw new CompositionError(result.errors.map((e) => e.message));
  return result.supergraphSdl;
}
