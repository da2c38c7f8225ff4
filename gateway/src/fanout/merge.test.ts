import { parse, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { mergeObjects } from './merge';
import { MERGE_KEY_ALIAS, analyze, restrictToRootFields, withMergeKeys } from './operation';

const entitySelections = (query: string) => (analyze(query).rootFields[0] as FieldNode).selectionSet!.selections;

describe('mergeObjects', () => {
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) {
    ... on Network { __typename id n: participantCount(by: [SEX]) { total partners dimensions cells { count values { dimension value } } } }
  } }`;

  const answer = (partner: string, cells: Array<[string, number]>) => ({
    __typename: 'Network',
    id: 'network',
    n: {
      total: cells.reduce((a, [, c]) => a + c, 0),
      partners: [partner],
      dimensions: ['SEX'],
      cells: cells.map(([sex, count]) => ({ count, values: [{ dimension: 'SEX', value: sex }], [MERGE_KEY_ALIAS]: `SEX=${sex}` })),
    },
  });

  it('sums cells with equal keys across partners, sorted by key, under the client aliases', () => {
    const merged = mergeObjects('Network', entitySelections(query), [
      answer('a', [
        ['FEMALE', 3],
        ['MALE', 2],
      ]),
      answer('b', [
        ['MALE', 5],
        ['NOT_SELF_IDENTIFIED', 1],
      ]),
    ]);
    expect(merged).toEqual({
      __typename: 'Network',
      id: 'network',
      n: {
        total: 11,
        partners: ['a', 'b'],
        dimensions: ['SEX'],
        cells: [
          { count: 3, values: [{ dimension: 'SEX', value: 'FEMALE' }] },
          { count: 7, values: [{ dimension: 'SEX', value: 'MALE' }] },
          { count: 1, values: [{ dimension: 'SEX', value: 'NOT_SELF_IDENTIFIED' }] },
        ],
      },
    });
  });

  it('keeps nulls null and concatenates lists', () => {
    const q = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Stakeholder { gsid records { localId } } } }`;
    const merged = mergeObjects('Stakeholder', entitySelections(q), [
      { gsid: 'g', records: [{ localId: '1' }] },
      { gsid: 'g', records: null },
      { gsid: 'g', records: [{ localId: '2' }, { localId: '3' }] },
    ]);
    expect(merged).toEqual({ gsid: 'g', records: [{ localId: '1' }, { localId: '2' }, { localId: '3' }] });
  });

  it('refuses a field that has no merge rule', () => {
    const q = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Stakeholder { secret } } }`;
    expect(() => mergeObjects('Stakeholder', entitySelections(q), [{ secret: 1 }])).toThrow(/no merge rule for Stakeholder.secret/);
  });
});

describe('operation rewriting', () => {
  it('adds the merge key to keyed lists of network entities, inside named fragments too', () => {
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ...N } }
      fragment N on Network { participantCount { cells { count } } }`;
    const rewritten = parse(withMergeKeys(analyze(query)));
    const op = rewritten.definitions[0] as OperationDefinitionNode;
    expect(rewritten.definitions).toHaveLength(1);
    expect(JSON.stringify(op)).toContain(MERGE_KEY_ALIAS);
    expect(withMergeKeys(analyze(query))).toMatch(new RegExp(`cells \\{\\s*count\\s*${MERGE_KEY_ALIAS}: key\\s*\\}`));
  });

  it('leaves partner-keyed entities alone', () => {
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Participant { localId } } }`;
    expect(withMergeKeys(analyze(query))).not.toContain(MERGE_KEY_ALIAS);
  });

  it('restricts root fields and drops the variables only the others used', () => {
    const query = `query($a: ID!, $b: ID!, $n: Int) { x: participants(partnerId: $a, first: $n) { nodes { localId } } y: participants(partnerId: $b) { nodes { localId } } }`;
    const restricted = restrictToRootFields(analyze(query), new Set(['y']));
    expect(restricted).toContain('y: participants(partnerId: $b)');
    expect(restricted).not.toContain('x:');
    expect(restricted).not.toMatch(/\$a|\$n/);
  });
});
