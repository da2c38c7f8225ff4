import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import type { DataSource } from 'typeorm';
import { ENTITY_ROUTING, MERGE_RULES, ROOT_PARTNER_ARGUMENT, mergeRuleFor, type Dimension } from '@coalition/shared';
import { AggregateService } from './network/aggregate.service';
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
  });

  it('name only types and fields the schema has (no rule outlives its field)', async () => {
    const schema = await buildPartnerSchema();
    const stale = Object.entries(MERGE_RULES).flatMap(([typeName, rules]) => {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) return [typeName];
      return Object.keys(rules)
        .filter((field) => !(field in type.getFields()))
        .map((field) => `${typeName}.${field}`);
    });
    expect(stale).toEqual([]);
  });

  it('every root field names its partner', async () => {
    const schema = await buildPartnerSchema();
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      if (field.name.startsWith('_')) continue;
      expect({ field: field.name, args: field.args.map((a) => a.name) }).toEqual({ field: field.name, args: expect.arrayContaining([ROOT_PARTNER_ARGUMENT]) });
    }
  });
});

describe('merge rules applied to what partners answer', () => {
  it("two partners' participantCount answers merge into what one pooled database answers", async () => {
    type Row = { d0: string; d1: string; count: number };
    const by: Dimension[] = ['SEX', 'COHORT'];
    const a: Row[] = [
      { d0: 'FEMALE', d1: '2025Q1', count: 3 },
      { d0: 'MALE', d1: '2025Q1', count: 2 },
    ];
    const b: Row[] = [
      { d0: 'FEMALE', d1: '2025Q1', count: 4 },
      { d0: 'FEMALE', d1: '2025Q2', count: 1 },
    ];
    const pooled: Row[] = [
      { d0: 'FEMALE', d1: '2025Q1', count: 7 },
      { d0: 'FEMALE', d1: '2025Q2', count: 1 },
      { d0: 'MALE', d1: '2025Q1', count: 2 },
    ];
    // The partner's own code builds each answer from its GROUP BY rows; only the database is replaced.
    const answer = async (partnerId: string, rows: Row[]): Promise<Json> => ({
      ...(await new AggregateService({ query: async () => rows } as unknown as DataSource).participantCount(partnerId, by, undefined)),
    });

    const merged = mergeByRules('Aggregate', [await answer('a', a), await answer('b', b)]);
    const expected = await answer('pooled', pooled);

    const byKey = (cells: unknown) => [...(cells as Array<{ key: string }>)].sort((x, y) => x.key.localeCompare(y.key));
    expect({ ...merged, cells: byKey(merged.cells) }).toEqual({ ...expected, cells: byKey(expected.cells), partners: ['a', 'b'] });
    expect(merged.total).toBe(10);
  });
});

type Json = Record<string, unknown>;

/**
 * The fan-out's merge, written from the definition of each FieldMergeRule kind in
 * @coalition/shared: the fan-out itself lives in the gateway, which depends on this package
 * (its own tests cover its implementation). What this checks is the rule table, against
 * answers the partner's code produces.
 */
function mergeByRules(typeName: string, answers: Json[]): Json {
  const merged: Json = {};
  for (const field of new Set(answers.flatMap((answer) => Object.keys(answer)))) {
    const rule = mergeRuleFor(typeName, field);
    if (!rule) throw new Error(`no merge rule for ${typeName}.${field}`);
    const present = answers.map((answer) => answer[field]).filter((value) => value !== null && value !== undefined);
    if (!present.length) merged[field] = null;
    else if (rule.kind === 'same') merged[field] = present[0];
    else if (rule.kind === 'sum') merged[field] = (present as number[]).reduce((x, y) => x + y, 0);
    else if (rule.kind === 'concat') merged[field] = (present as unknown[][]).flat();
    else if (rule.kind === 'object') merged[field] = mergeByRules(rule.type, present as Json[]);
    else {
      const groups = new Map<string, Json[]>();
      for (const item of (present as Json[][]).flat()) groups.set(String(item[rule.keyField]), [...(groups.get(String(item[rule.keyField])) ?? []), item]);
      merged[field] = [...groups.values()].map((group) => mergeByRules(rule.type, group));
    }
  }
  return merged;
}
