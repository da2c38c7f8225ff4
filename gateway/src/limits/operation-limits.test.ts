import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { operationLimitRules, readOperationLimits, DEFAULT_OPERATION_LIMITS } from './operation-limits';

const schema = buildSchema(`
  type Query { people(first: Int): [Person!]! person: Person }
  type Person { name: String friends(first: Int): [Person!]! best: Person }
`);
const limits = { ...DEFAULT_OPERATION_LIMITS, maxDepth: 3, maxAliases: 2, maxRootFields: 2, maxCost: 100 };
const check = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, ...operationLimitRules(limits)]).map((e) => e.extensions as { limit: string; actual: number });

describe('operation limits', () => {
  it('passes at the limits and refuses one over, with the actual figure', () => {
    expect(check('{ person { best { name } } }')).toEqual([]);
    expect(check('{ person { best { best { name } } } }')).toEqual([expect.objectContaining({ limit: 'depth', actual: 4 })]);
    expect(check('{ a: person { name } b: person { name } }')).toEqual([]);
    expect(check('{ a: person { name } b: person { name } c: person { name } }').map((e) => e.limit).sort()).toEqual(['aliases', 'rootFields']);
  });

  it('counts depth through fragments and inline fragments', () => {
    expect(check('{ person { ...F } } fragment F on Person { best { ... on Person { best { name } } } }')).toEqual([expect.objectContaining({ limit: 'depth', actual: 4 })]);
  });

  it('estimates cost from first, and 10 per list without it', () => {
    expect(check('{ people(first: 9) { name friends(first: 1) { name } } }')).toEqual([]); // 1 + 9 * (1 + 1 + 1 * 1) = 28
    expect(check('{ people { name friends { name } } }')).toEqual([expect.objectContaining({ limit: 'cost', actual: 121 })]); // 1 + 10 * (1 + 1 + 10)
  });

  it('reads limits from the environment and names a bad variable', () => {
    expect(readOperationLimits({ MAX_QUERY_DEPTH: '20' }).maxDepth).toBe(20);
    expect(() => readOperationLimits({ MAX_QUERY_COST: '-1' })).toThrow('MAX_QUERY_COST must be a positive whole number');
  });
});
