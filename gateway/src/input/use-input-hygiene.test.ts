import { buildSchema, getOperationAST, parse } from 'graphql';
import { findBadInput, findLoneSurrogateLiteral } from './use-input-hygiene';

const schema = buildSchema(`
  input Person { firstName: String! tags: [String!] }
  type Query { find(name: String, people: [Person!]): Int }
`);
const check = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return findBadInput(schema, document, getOperationAST(document)!, variables);
};

describe('findBadInput (every string an operation carries)', () => {
  it('names literal arguments by their path, nested objects and lists included', () => {
    expect(check('{ find(people: [{ firstName: "ok" }, { firstName: "ok", tags: ["a", "b\\u0007"] }]) }')).toEqual({
      path: 'people[1].tags[1]',
      reason: 'contains a control character (U+0007)',
    });
  });

  it('names variables by the argument they fill, coerced (a single value becomes a list)', () => {
    expect(check('query($p: [Person!]) { find(people: $p) }', { p: { firstName: 'Ada\u0000' } })).toEqual({
      path: 'people[0].firstName',
      reason: 'contains a control character (U+0000)',
    });
    expect(check('query($n: String) { find(people: [{ firstName: $n }]) }', { n: '\uDC00' })).toEqual({
      path: 'people[0].firstName',
      reason: 'is not valid Unicode: it has a lone surrogate (U+DC00)',
    });
  });

  it('checks variable defaults and variables the operation does not use', () => {
    expect(check('query($n: String = "x\\u0000") { find(name: $n) }')).toEqual({ path: '$n', reason: 'contains a control character (U+0000)' });
    expect(check('{ find }', { unused: { deep: ['ok', '\u0085'] } })).toEqual({ path: '$unused.deep[1]', reason: 'contains a control character (U+0085)' });
  });

  it('lets clean operations through', () => {
    expect(check('query($p: [Person!]) { find(name: "Zoë 😀", people: $p) }', { p: [{ firstName: 'Ødegård', tags: ['line\none\ttab'] }] })).toBeNull();
  });
});

describe('findLoneSurrogateLiteral (what the GraphQL parser refuses without naming a field)', () => {
  it.each([
    ['raw high', '{ find(name: "Quell\uD800water") }', 'name', 'D800'],
    ['escaped high', '{ find(name: "Quell\\ud800water") }', 'name', 'D800'],
    ['escaped low', '{ find(people: [{ firstName: "\\uDC00" }]) }', 'people[0].firstName', 'DC00'],
    ['variable-width escape', '{ find(people: [{ firstName: "ok" }, { firstName: "a", tags: ["\\u{D83D}"] }]) }', 'people[1].tags[0]', 'D83D'],
    ['in a variable default', 'query($n: String = "\\ud800") { find(name: $n) }', '$n', 'D800'],
  ])('finds a %s surrogate and names the field', (_what, source, path, unit) => {
    expect(findLoneSurrogateLiteral(source)).toEqual({ path, reason: `is not valid Unicode: it has a lone surrogate (U+${unit})` });
  });

  it.each([
    ['a valid escaped pair', '{ find(name: "\\ud83d\\ude00") }'],
    ['a raw emoji', '{ find(name: "😀") }'],
    ['an escaped backslash before u', '{ find(name: "\\\\ud800") }'],
    ['escape-like text in a block string', '{ find(name: """\\ud800""") }'],
    ['a surrogate in a comment only', '# \uD800\n{ find }'],
    ['no surrogate at all', '{ find(name: "plain") }'],
  ])('ignores %s', (_what, source) => {
    expect(findLoneSurrogateLiteral(source)).toBeNull();
  });
});
