import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLObjectType, type GraphQLSchema, parse, type GraphQLFieldResolver } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

// Method syntax: each entity's resolver takes its own reference and context types.
type ReferenceResolvers = Record<string, { __resolveReference(reference: unknown, context: unknown, info: unknown): unknown }>;

/**
 * type-graphql builds the schema from decorated classes; @apollo/subgraph then adds the
 * federation fields (_service, _entities). Reference resolvers are not expressible as
 * type-graphql decorators, so they are merged into the resolver map here.
 */
/**
 * Runs before the resolver of every field `gated` says yes to; throwing refuses the field. The
 * subgraphs apply the access rules of @coalition/shared/auth here, again, whatever the gateway
 * already checked.
 */
export interface FieldGuard {
  gated(typeName: string, fieldName: string): boolean;
  check(typeName: string, fieldName: string, source: unknown, args: Record<string, unknown>, context: unknown): void;
}

function guardFields(schema: GraphQLSchema, guard: FieldGuard): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!guard.gated(type.name, field.name)) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        guard.check(type.name, field.name, source, args, context);
        return resolve(source, args, context, info);
      };
    }
  }
}

export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers,
  guard?: FieldGuard,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const subgraph = buildSubgraphSchema({
    typeDefs,
    resolvers: resolvers as Parameters<typeof buildSubgraphSchema>[0] extends { resolvers?: infer R } ? R : never,
  });
  if (guard) guardFields(subgraph, guard);
  return subgraph;
}

/** The subgraph's SDL as composition needs it (what `_service { sdl }` would return). */
export async function printFederatedSdl(options: Omit<BuildSchemaOptions, 'skipCheck'>): Promise<string> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  return `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
}
