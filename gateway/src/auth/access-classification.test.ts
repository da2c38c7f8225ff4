import { buildSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { accessOf, roleMay, type Caller } from '@coalition/shared/auth';
import { buildPartnerSchema } from '@coalition/partner';
import { buildRegistrySchema } from '@coalition/registry';
import { composeSupergraph } from '../compose';
import { checkAccess } from './access';
import { parse } from 'graphql';

/** Every "Type.field" of a schema's object types without an access classification. */
function unclassified(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    // join__ and link__ are the supergraph's own bookkeeping, never served.
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
    for (const field of Object.keys(type.getFields())) if (accessOf(type.name, field) === undefined) missing.push(`${type.name}.${field}`);
  }
  return missing;
}

describe('every field has an access classification (the access table fails closed)', () => {
  it('the composed supergraph, internal fields included, has no unclassified field', async () => {
    const supergraph = buildSchema(await composeSupergraph(), { assumeValidSDL: true });
    expect(Object.keys(supergraph.getTypeMap()).length).toBeGreaterThan(40);
    expect(unclassified(supergraph)).toEqual([]);
  });

  it('each subgraph as served, federation fields included, has no unclassified field', async () => {
    expect(unclassified(await buildPartnerSchema())).toEqual([]);
    expect(unclassified(await buildRegistrySchema())).toEqual([]);
  });

  it('a field missing from the table is refused to every role, the backbone included', () => {
    const schema = buildSchema('type Query { partners: [String] newSecretField: String }');
    const backbone: Caller = { subject: 'a', role: 'backbone_analyst' };
    expect(accessOf('Query', 'newSecretField')).toBeUndefined();
    expect(roleMay(backbone, accessOf('Query', 'newSecretField'))).toBe(false);
    const document = parse('{ partners newSecretField }');
    const operation = document.definitions[0] as Parameters<typeof checkAccess>[2];
    for (const role of ['backbone_analyst', 'admin', 'funder'] as const) {
      expect(checkAccess(schema, document, operation, {}, { subject: 'a', role, ...(role === 'funder' ? { portfolio: 'ALL' as const } : {}) }).refused).toEqual(
        ['Query.newSecretField'],
      );
    }
  });
});
