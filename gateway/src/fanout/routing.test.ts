import { parse, print } from 'graphql';
import type { PartnerEntry } from '../upstream/target';
import { analyze } from './operation';
import { entityAccess, forPartner, rootQuery, routeEntities, routeRootFields, type Representation } from './routing';

const partner = (id: string): PartnerEntry => ({ id, name: id.toUpperCase(), endpoint: `http://${id}.example/graphql` });
const [A, B, C] = [partner('a'), partner('b'), partner('c')];
const ids = (routes: ReadonlyArray<{ partner: PartnerEntry }>) => routes.map((r) => r.partner.id);

describe('routeRootFields', () => {
  const query = `query Q($p: ID!) {
    __typename
    one: participants(partnerId: "a", first: 1) { nodes { localId } }
    two: participants(partnerId: $p, first: 1) { nodes { localId } }
    three: participant(partnerId: "a", localId: "x") { localId }
    lost: participants(partnerId: "z", first: 1) { nodes { localId } }
  }`;

  it('sends each field to the partner its partnerId names, and answers __typename itself', () => {
    const routing = routeRootFields(analyze(query), { p: 'b' }, [A, B]);
    expect(routing.routes.map((r) => [r.partner.id, [...r.keys]])).toEqual([
      ['a', ['one', 'three']],
      ['b', ['two']],
    ]);
    expect(routing.data).toEqual({ __typename: 'Query', lost: null });
  });

  it('a partner that is unknown or outside the scope is NOT_FOUND at its field, listing the partners in scope', () => {
    const routing = routeRootFields(analyze(query), { p: 'b' }, [A]);
    expect(ids(routing.routes)).toEqual(['a']);
    expect(routing.data).toMatchObject({ two: null, lost: null });
    expect(routing.errors.map((e) => [e.path, e.extensions?.code, e.extensions?.partnerId])).toEqual([
      [['two'], 'NOT_FOUND', 'b'],
      [['lost'], 'NOT_FOUND', 'z'],
    ]);
    expect(routing.errors[1].message).toBe("Unknown partner 'z' in argument partnerId of participants. Known partners: a.");
  });

  it('sends one partner only its own fields, with only the variables they use', () => {
    const subgraph = analyze(query);
    const routing = routeRootFields(subgraph, { p: 'b' }, [A, B]);
    const toB = rootQuery(subgraph, query, routing.routes[1], routing.routes.length);
    expect(print(parse(toB))).toBe(print(parse('query Q($p: ID!) { two: participants(partnerId: $p, first: 1) { nodes { localId } } }')));
    const alone = 'query { participants(partnerId: "a", first: 1) { nodes { localId } } }';
    const single = analyze(alone);
    expect(rootQuery(single, alone, routeRootFields(single, {}, [A]).routes[0], 1)).toBe(alone);
  });
});

describe('routeEntities', () => {
  const stakeholder: Representation = {
    __typename: 'Stakeholder',
    gsid: 'g1',
    links: [
      { partnerId: 'a', localId: '1' },
      { partnerId: 'c', localId: '9' },
    ],
  };
  const everyone = () => [A, B, C];

  it('partner-keyed entities go to their partner only; a person to the partners holding them; the network to every partner in scope', () => {
    const representations: Representation[] = [
      { __typename: 'Participant', partnerId: 'b', localId: '7' },
      stakeholder,
      { __typename: 'Partner', id: 'a' },
      { __typename: 'Network', id: 'network' },
    ];
    const routing = routeEntities(representations, [A, B, C], everyone);
    expect(routing.routes.map((r) => [r.partner.id, r.indices])).toEqual([
      ['a', [1, 2, 3]],
      ['b', [0, 3]],
      ['c', [1, 3]],
    ]);
    expect([...routing.network]).toEqual([1, 3]);
    expect(routing.errors).toEqual([]);
  });

  it('a person held by no partner in scope is asked of the first partner in scope only, which answers with nothing of its own', () => {
    const elsewhere: Representation = { __typename: 'Stakeholder', gsid: 'g2', links: [{ partnerId: 'c', localId: '3' }] };
    expect(routeEntities([elsewhere], [A, B, C], () => [A, B]).routes.map((r) => [r.partner.id, r.indices])).toEqual([['a', [0]]]);
    const unlinked: Representation = { __typename: 'Stakeholder', gsid: 'g3', links: [] };
    expect(routeEntities([unlinked], [A, B, C], everyone).routes.map((r) => r.partner.id)).toEqual(['a']);
  });

  it('scopes each type by what it reads: outside the scope is FORBIDDEN, an inactive partner PARTNER_UNAVAILABLE', () => {
    expect(['Participant', 'Stakeholder', 'Network', 'Partner'].map(entityAccess)).toEqual(['person', 'person', 'cells', 'quality']);
    const asked: string[] = [];
    const staffOfA = (typename: string) => {
      asked.push(typename);
      return [A];
    };
    const representations: Representation[] = [
      { __typename: 'Participant', partnerId: 'b', localId: '7' },
      { __typename: 'Participant', partnerId: 'gone', localId: '1' },
      stakeholder,
    ];
    const routing = routeEntities(representations, [A, B, C], staffOfA);
    expect(routing.routes.map((r) => [r.partner.id, r.indices])).toEqual([['a', [2]]]);
    expect(routing.errors.map((e) => [e.path, e.extensions?.code, e.extensions?.reason ?? e.extensions?.refused])).toEqual([
      [['_entities', 0], 'FORBIDDEN', 'Participant of partner b'],
      [['_entities', 1], 'PARTNER_UNAVAILABLE', 'not active'],
    ]);
  });

  it('network-wide entities with nobody in scope say so, never an empty answer', () => {
    const routing = routeEntities([{ __typename: 'Network', id: 'network' }], [A, B], () => []);
    expect(routing.routes).toEqual([]);
    expect(routing.errors.map((e) => e.extensions?.reason)).toEqual(['no active partners in scope']);
  });

  it('a partner is sent only its own links of a person', () => {
    expect(forPartner(stakeholder, 'c')).toEqual({ ...stakeholder, links: [{ partnerId: 'c', localId: '9' }] });
    expect(forPartner({ __typename: 'Network', id: 'network' }, 'c')).toEqual({ __typename: 'Network', id: 'network' });
  });
});
