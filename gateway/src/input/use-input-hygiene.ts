import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  getVariableValues,
  Kind,
  parse,
  valueFromASTUntyped,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { badCharacterIn, badInput, ErrorCode, findBadCharacter, requestRefusal, type InputProblem } from '@coalition/shared';

/**
 * Refuses, before any subgraph is called, an operation with a control character or a lone
 * surrogate in any string it carries (the rule: shared/src/input-hygiene.ts). Such a string
 * used to travel on: a partner encoded the name, the registry linked it, and only then did
 * PostgreSQL refuse to store it, leaving the registry's link behind. BAD_USER_INPUT, HTTP 400,
 * naming the field and the code point, never quoting the value.
 */
export function useInputHygiene<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      let surrogate: InputProblem | null = null;
      return {
        async didResolveSource({ source }) {
          surrogate = findLoneSurrogateLiteral(source);
        },
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problem = findBadInput(schema, document, operation, (request.variables ?? {}) as Record<string, unknown>);
          if (problem) throw refusal(problem);
        },
        // The parser refuses a lone surrogate in a literal before didResolveOperation, with a
        // syntax error naming no field (and a hook cannot throw earlier without becoming a 500):
        // the refusal it sent is replaced by one naming the field. Nothing ran either way.
        async willSendResponse({ response }) {
          if (!surrogate || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors?.length !== 1 || result.errors[0].extensions?.code !== ErrorCode.GRAPHQL_PARSE_FAILED) return;
          const { message, extensions } = refusal(surrogate);
          const { http: _status, ...visible } = extensions;
          result.errors = [{ message, extensions: visible }];
          response.http.status = 400;
        },
      };
    },
  };
}

const refusal = (problem: InputProblem) => requestRefusal(badInput(problem.path, problem.reason));

/**
 * Every string the operation carries: each argument of a field or directive (literals, and the
 * coerced variables they use, nested input objects and lists included) and each variable
 * default, named by the argument path ("input.firstName"); then the variables as sent, named
 * "$name...", which also covers any the operation does not use.
 */
export function findBadInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  sent: Record<string, unknown>,
): InputProblem | null {
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], sent);
  const variables = coercion.coerced ?? sent;
  let found: InputProblem | null = null;
  const check = (value: unknown, path: string) => {
    found = findBadCharacter(value, path);
    return found ? BREAK : undefined;
  };
  const ofOperation = { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
  visit(ofOperation, {
    Argument: (node) => check(valueFromASTUntyped(node.value, variables), node.name.value),
    VariableDefinition: (node) => (node.defaultValue ? check(valueFromASTUntyped(node.defaultValue), `$${node.variable.name.value}`) : undefined),
  });
  for (const [name, value] of Object.entries(sent)) found ??= findBadCharacter(value, `$${name}`);
  return found;
}

// Tokens of the source that can hold a surrogate: an escaped backslash (skipped, so "\\ud800"
// stays text), \u{...}, \uXXXX (with a following low-surrogate escape: a valid pair), raw ones.
const SURROGATE_TOKEN =
  /\\\\|\\u\{([0-9A-Fa-f]{1,8})\}|\\u([dD][89abAB][0-9A-Fa-f]{2})(\\u[dD][c-fC-F][0-9A-Fa-f]{2})?|\\u([dD][c-fC-F][0-9A-Fa-f]{2})|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

interface Suspect {
  offset: number;
  unit: number;
  /** an escape sequence: text in a block string, where escapes do not apply */
  escape: boolean;
}

/**
 * graphql's parser refuses a lone surrogate in a string literal (raw, or as a \u escape) with a
 * syntax error that names no field. To name it, the surrogates are replaced by "?" of the same
 * length, the copy is parsed, and the string literal holding the first one gives the argument
 * path. Anything else the parser would refuse is left to it.
 */
export function findLoneSurrogateLiteral(source: string): InputProblem | null {
  const suspects: Suspect[] = [];
  let neutral = '';
  let last = 0;
  for (const match of source.matchAll(SURROGATE_TOKEN)) {
    const [text, wide, high, low, lone] = match;
    const unit =
      wide !== undefined
        ? Number.parseInt(wide, 16)
        : high !== undefined && !low
          ? Number.parseInt(high, 16)
          : lone !== undefined
            ? Number.parseInt(lone, 16)
            : text.length === 1
              ? text.charCodeAt(0)
              : -1;
    if (unit < 0xd800 || unit > 0xdfff) continue;
    suspects.push({ offset: match.index!, unit, escape: text.length > 1 });
    neutral +=
      source.slice(last, match.index) +
      (text.length === 1 ? '?' : text.startsWith('\\u{') ? `\\u{${'3F'.padStart(text.length - 4, '0')}}` : `\\u003F${text.slice(6)}`);
    last = match.index! + text.length;
  }
  if (!suspects.length) return null;
  let document: DocumentNode;
  try {
    document = parse(neutral + source.slice(last));
  } catch {
    return null;
  }
  for (const suspect of suspects) {
    const path = literalPathAt(document, suspect);
    if (path) return { path, reason: badCharacterIn(String.fromCharCode(suspect.unit))! };
  }
  return null;
}

/** The argument path of the string literal holding the offset, or null (a comment, a block string's text). */
function literalPathAt(document: DocumentNode, suspect: Suspect): string | null {
  const inside = (node: ASTNode) => !!node.loc && node.loc.start <= suspect.offset && suspect.offset < node.loc.end;
  const walk = (value: ValueNode, path: string): string | null => {
    if (!inside(value)) return null;
    if (value.kind === Kind.STRING) return value.block && suspect.escape ? null : path;
    if (value.kind === Kind.LIST) return value.values.map((v, i) => walk(v, `${path}[${i}]`)).find((p) => p) ?? null;
    if (value.kind === Kind.OBJECT) return value.fields.map((f) => walk(f.value, `${path}.${f.name.value}`)).find((p) => p) ?? null;
    return null;
  };
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      found = walk(node.value, node.name.value);
      return found ? BREAK : undefined;
    },
    VariableDefinition(node) {
      found = node.defaultValue ? walk(node.defaultValue, `$${node.variable.name.value}`) : null;
      return found ? BREAK : undefined;
    },
  });
  return found;
}
