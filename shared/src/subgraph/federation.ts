import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

/**
 * type-graphql builds the schema from decorated classes; @apollo/subgraph then adds the
 * federation fields (_service, _entities). Reference resolvers are not expressible as
 * type-graphql decorators, so they are merged into the resolver map here.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as any });
}

/** The subgraph's SDL as composition needs it (what `_service { sdl }` would return). */
export async function printFederatedSdl(options: Omit<BuildSchemaOptions, 'skipCheck'>): Promise<string> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  return `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
}
