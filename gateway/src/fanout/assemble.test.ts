import { answered, unavailable } from '../upstream/outcome';
import type { PartnerEntry } from '../upstream/target';
import { dedupe, entitiesResponse, rootResponse } from './assemble';
import { analyze, MERGE_KEY_ALIAS } from './operation';
import { routeEntities, routeRootFields, type Representation } from './routing';

const partner = (id: string): PartnerEntry => ({ id, name: id.toUpperCase(), endpoint: `http://${id}.example/graphql` });
const [A, B, C] = [partner('a'), partner('b'), partner('c')];

describe('rootResponse', () => {
  it("puts each partner's fields back, and nulls a missing partner's with PARTNER_UNAVAILABLE at each", () => {
    const subgraph = analyze(`{
      x: participants(partnerId: "a") { totalCount } y: participants(partnerId: "b") { totalCount } z: participants(partnerId: "b") { totalCount }
    }`);
    const routing = routeRootFields(subgraph, {}, [A, B]);
    const [toA, toB] = routing.routes;
    const response = rootResponse(routing, [
      { route: toA, outcome: answered({ x: { totalCount: 3 } }) },
      { route: toB, outcome: unavailable('HTTP 502') },
    ]);
    expect(response.data).toEqual({ x: { totalCount: 3 }, y: null, z: null });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.coverage])).toEqual([
      [['y'], 'PARTNER_UNAVAILABLE', { partnersAsked: 1, partnersAnswered: 0 }],
      [['z'], 'PARTNER_UNAVAILABLE', { partnersAsked: 1, partnersAnswered: 0 }],
    ]);
  });
});

describe('entitiesResponse', () => {
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) {
    ... on Network { id n: participantCount { total cells { count } } }
    ... on Participant { localId }
  } }`;
  const selections = analyze(query).rootFields[0].selectionSet!.selections;
  const representations: Representation[] = [
    { __typename: 'Network', id: 'network' },
    { __typename: 'Participant', partnerId: 'c', localId: '5' },
  ];
  const network = (total: number) => ({ id: 'network', n: { total, cells: [{ count: total, [MERGE_KEY_ALIAS]: '' }] } });

  it('merges the partners that answered, and says which did not and what share of partners the merge covers', () => {
    const routing = routeEntities(representations, [A, B, C], () => [A, B, C]);
    const [toA, toB, toC] = routing.routes;
    const response = entitiesResponse(
      representations,
      routing,
      [
        { route: toA, outcome: answered({ _entities: [network(2)] }) },
        { route: toB, outcome: answered({ _entities: [network(5)] }, [{ message: 'odd', path: ['_entities', 0, 'n'], extensions: { partnerId: 'b' } }]) },
        { route: toC, outcome: unavailable('no answer within 50 ms') },
      ],
      selections,
    );
    expect(response.data).toEqual({ _entities: [{ id: 'network', n: { total: 7, cells: [{ count: 7 }] } }, null] });
    expect(response.errors?.map((e) => [e.message.split(':')[0], e.path, e.extensions?.coverage])).toEqual([
      ['odd', ['_entities', 0, 'n'], undefined],
      ['Partner c (C) is unavailable', ['_entities', 1], { partnersAsked: 1, partnersAnswered: 0 }],
      ['Partner c (C) is unavailable', undefined, { partnersAsked: 3, partnersAnswered: 2 }],
    ]);
  });

  it("maps error paths from the subset a partner was sent back to the caller's indices", () => {
    const routing = routeEntities(representations, [A, B, C], () => [C]);
    const response = entitiesResponse(
      representations,
      routing,
      [{ route: routing.routes[0], outcome: answered({ _entities: [network(1), { localId: '5' }] }, [{ message: 'bad', path: ['_entities', 1, 'localId'] }]) }],
      selections,
    );
    expect(response.data).toEqual({ _entities: [{ id: 'network', n: { total: 1, cells: [{ count: 1 }] } }, { localId: '5' }] });
    expect(response.errors).toEqual([{ message: 'bad', path: ['_entities', 1, 'localId'] }]);
  });
});

describe('dedupe', () => {
  it('reports the same error from several partners once, naming them all', () => {
    const error = (partnerId: string) => ({ message: 'Invalid by', extensions: { code: 'BAD_USER_INPUT', partnerId } });
    expect(dedupe([error('a'), error('b'), error('c')])).toEqual([
      { message: 'Invalid by', extensions: { code: 'BAD_USER_INPUT', partnerIds: ['a', 'b', 'c'] } },
    ]);
  });
});
