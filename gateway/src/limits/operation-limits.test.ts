import { buildSchema, parse, specifiedRules, validate, visit, type DocumentNode } from 'graphql';
import { operationLimitRules, readOperationLimits, DEFAULT_OPERATION_LIMITS, type MeasureProbe } from './operation-limits';

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
    expect(
      check('{ a: person { name } b: person { name } c: person { name } }')
        .map((e) => e.limit)
        .sort(),
    ).toEqual(['aliases', 'rootFields']);
  });

  it('counts depth through fragments and inline fragments', () => {
    expect(check('{ person { ...F } } fragment F on Person { best { ... on Person { best { name } } } }')).toEqual([
      expect.objectContaining({ limit: 'depth', actual: 4 }),
    ]);
  });

  it('estimates cost from first, and 10 per list without it', () => {
    expect(check('{ people(first: 9) { name friends(first: 1) { name } } }')).toEqual([]); // 1 + 9 * (1 + 1 + 1 * 1) = 28
    expect(check('{ people { name friends { name } } }')).toEqual([expect.objectContaining({ limit: 'cost', actual: 121 })]); // 1 + 10 * (1 + 1 + 10)
  });

  describe('fragments spread many times', () => {
    /** `count` fragments, each spreading the previous one twice: a document of a few hundred bytes that expands to 2^(count-1) copies of `leaf`. */
    const doubling = (count: number, leaf = '__typename') => {
      const fragments = [`fragment F1 on Query { ${leaf} }`];
      for (let i = 2; i <= count; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
      return `${fragments.join(' ')} { ...F${count} }`;
    };
    /** The same doubling one level deeper each time: F_i holds F_(i-1) under two fields, so the depth is count + 1 under `person`. */
    const nesting = (count: number) => {
      const fragments = ['fragment F1 on Person { name }'];
      for (let i = 2; i <= count; i++) fragments.push(`fragment F${i} on Person { best { ...F${i - 1} } friends(first: 1) { ...F${i - 1} } }`);
      return `${fragments.join(' ')} { person { ...F${count} } }`;
    };
    const selections = (document: DocumentNode) => {
      let count = 0;
      visit(document, { Field: () => void count++, FragmentSpread: () => void count++, InlineFragment: () => void count++ });
      return count;
    };
    const measured = (query: string, checked = DEFAULT_OPERATION_LIMITS) => {
      const probe: MeasureProbe = { visited: 0 };
      const document = parse(query);
      const errors = validate(schema, document, operationLimitRules(checked, probe)).map((e) => e.extensions as { limit: string; actual: number });
      return { errors, visited: probe.visited, selections: selections(document) };
    };

    it('look at each selection of the document a bounded number of times: the work grows with the document, not with its expansion', () => {
      const [ten, twenty, twentySix] = [10, 20, 26].map((n) => measured(doubling(n)));
      for (const m of [ten, twenty, twentySix]) expect(m.visited).toBeLessThanOrEqual(2 * m.selections);
      // Each added fragment adds the same work: linear, where walking every spread doubled it.
      expect((twentySix.visited - twenty.visited) / 6).toBe((twenty.visited - ten.visited) / 10);
    });

    it('still count cost, depth and aliases as if every spread were written out, and refuse the 26-fragment document by cost', () => {
      expect(measured(doubling(26)).errors).toEqual([expect.objectContaining({ limit: 'cost', actual: 2 ** 25 })]);
      expect(
        measured(doubling(26, 'a: __typename'))
          .errors.map((e) => [e.limit, e.actual])
          .sort(),
      ).toEqual([
        ['aliases', 2 ** 25],
        ['cost', 2 ** 25],
      ]);
      // A list field: 1 + 10 per copy, 2^11 copies; the figure of the same fields written out.
      expect(measured(doubling(12, 'people { name }')).errors).toEqual([expect.objectContaining({ limit: 'cost', actual: 11 * 2 ** 11 })]);
      expect(measured(doubling(12, 'people(first: 2) { name }')).errors).toEqual([]); // 3 * 2^11 = 6,144
      // Depth through doubling spreads, at the limit of 12 and one over; the cost stays under it (1 + 3 * 2^11 - 2).
      expect([11, 12].map((n) => measured(nesting(n)).errors)).toEqual([[], [expect.objectContaining({ limit: 'depth', actual: 13 })]]);
    });

    it("end on a fragment cycle, which graphql's own rules refuse", () => {
      const document = parse('fragment A on Query { person { name } ...B } fragment B on Query { ...A } { ...A }');
      const errors = validate(schema, document, [...specifiedRules, ...operationLimitRules(DEFAULT_OPERATION_LIMITS)]);
      expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('Cannot spread fragment "A" within itself via "B"')]);
    });
  });

  it('reads limits from the environment and names a bad variable', () => {
    expect(readOperationLimits({ MAX_QUERY_DEPTH: '20' }).maxDepth).toBe(20);
    expect(() => readOperationLimits({ MAX_QUERY_COST: '-1' })).toThrow('MAX_QUERY_COST must be a positive whole number');
  });
});
