import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import { ENTITY_ROUTING, MERGE_RULES, ROOT_PARTNER_ARGUMENT, mergeRuleFor } from '@coalition/shared';
import { buildPartnerSchema } from './schema';

const unwrapList = (type: GraphQLOutputType) => {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
};

/** The fan-out merges without a schema, so the rule table must match the schema exactly. */
describe('merge rules against the partners subgraph schema', () => {
  it('cover every field reachable from a network-wide entity, with the right types', async () => {
    const schema = await buildPartnerSchema();
    const visit = (type: GraphQLObjectType, seen: Set<string>) => {
      if (seen.has(type.name)) return;
      seen.add(type.name);
      for (const field of Object.values(type.getFields())) {
        const rule = mergeRuleFor(type.name, field.name);
        expect({ field: `${type.name}.${field.name}`, hasRule: rule !== undefined }).toEqual({ field: `${type.name}.${field.name}`, hasRule: true });
        const named = getNamedType(field.type);
        if (rule?.kind === 'object' || rule?.kind === 'keyed') {
          expect(named.name).toBe(rule.type);
          expect(unwrapList(field.type)).toBe(rule.kind === 'keyed');
          if (rule.kind === 'keyed') expect(Object.keys((named as GraphQLObjectType).getFields())).toContain(rule.keyField);
          visit(named as GraphQLObjectType, seen);
        }
        if (rule?.kind === 'concat') expect(unwrapList(field.type)).toBe(true);
        if (rule?.kind === 'sum') expect(['Int', 'Float']).toContain(named.name);
      }
    };
    for (const [typeName, routing] of Object.entries(ENTITY_ROUTING)) {
      const type = schema.getType(typeName);
      expect(isObjectType(type)).toBe(true);
      if (routing.kind === 'network') visit(type as GraphQLObjectType, new Set());
      else expect(Object.keys((type as GraphQLObjectType).getFields())).toContain(routing.partnerKeyField);
    }
    expect(Object.keys(MERGE_RULES).length).toBeGreaterThan(0);
  });

  it('every root field names its partner', async () => {
    const schema = await buildPartnerSchema();
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      if (field.name.startsWith('_')) continue;
      expect({ field: field.name, args: field.args.map((a) => a.name) }).toEqual({ field: field.name, args: expect.arrayContaining([ROOT_PARTNER_ARGUMENT]) });
    }
  });
});
