/**
 * How the fan-out treats the types of the partners subgraph, which N partner services serve
 * under one name (see docs/ARCHITECTURE.md, "Fan-out").
 *
 * - ROUTING says where an entity representation goes: to the one partner its key names, or
 *   to every partner in the caller's scope.
 * - MERGE_RULES says, field by field, how the answers of several partners for one network-wide
 *   entity become one answer. Every field reachable from a network-wide entity must have a rule,
 *   and object rules name their GraphQL type, so the fan-out needs no schema to merge; a test in
 *   the partner subgraph checks this table against the schema.
 */
export type EntityRouting =
  | { kind: 'partner'; partnerKeyField: string }
  /**
   * `partnerListField`: a list in the representation (required from another subgraph) whose
   * items name a partner in `partnerId`; each partner is sent only its own items.
   */
  | { kind: 'network'; partnerListField?: string };

export const ENTITY_ROUTING: Readonly<Record<string, EntityRouting>> = {
  Participant: { kind: 'partner', partnerKeyField: 'partnerId' },
  Partner: { kind: 'partner', partnerKeyField: 'id' },
  Stakeholder: { kind: 'network', partnerListField: 'links' },
  Network: { kind: 'network' },
};

/** Every root field of the partners subgraph names its partner in this argument. */
export const ROOT_PARTNER_ARGUMENT = 'partnerId';

export type FieldMergeRule =
  /** identical at every partner (keys, __typename): the first answer is kept */
  | { kind: 'same' }
  /** lists: the partners' lists one after another, in partner order */
  | { kind: 'concat' }
  /** additive numbers: summed; null when every partner answered null */
  | { kind: 'sum' }
  /** an object of type `type`: merged field by field by the rules of that type */
  | { kind: 'object'; type: string }
  /** a list of `type` objects keyed by `keyField`: objects with equal keys merge by the rules of `type` */
  | { kind: 'keyed'; type: string; keyField: string };

const same = { kind: 'same' } as const;
const concat = { kind: 'concat' } as const;
const sum = { kind: 'sum' } as const;

export const MERGE_RULES: Readonly<Record<string, Readonly<Record<string, FieldMergeRule>>>> = {
  Stakeholder: { gsid: same, links: same, records: concat },
  Network: { id: same, participantCount: { kind: 'object', type: 'Aggregate' } },
  Aggregate: { dimensions: same, cells: { kind: 'keyed', type: 'AggregateCell', keyField: 'key' }, total: sum, partners: concat },
  AggregateCell: { key: same, values: same, count: sum, numerator: sum, denominator: sum, sum },
  DimensionValue: { dimension: same, value: same },
};

export function mergeRuleFor(typeName: string, fieldName: string): FieldMergeRule | undefined {
  if (fieldName === '__typename') return same;
  return MERGE_RULES[typeName]?.[fieldName];
}
