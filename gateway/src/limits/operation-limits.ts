import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLNamedType,
} from 'graphql';
import { ErrorCode } from '@coalition/shared';

/** Limits every operation is checked against before any subgraph is called (docs/ACCESS.md). */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** passed to graphql's parser: a document of more tokens is refused while parsing */
  maxTokens: number;
  maxCost: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxRootFields: 15, maxTokens: 5000, maxCost: 10_000 };

const VARIABLES: Record<keyof OperationLimits, string> = {
  maxDepth: 'MAX_QUERY_DEPTH',
  maxAliases: 'MAX_QUERY_ALIASES',
  maxRootFields: 'MAX_QUERY_ROOT_FIELDS',
  maxTokens: 'MAX_QUERY_TOKENS',
  maxCost: 'MAX_QUERY_COST',
};

export function readOperationLimits(env: NodeJS.ProcessEnv): OperationLimits {
  const limits = { ...DEFAULT_OPERATION_LIMITS };
  for (const key of Object.keys(VARIABLES) as Array<keyof OperationLimits>) {
    const raw = env[VARIABLES[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${VARIABLES[key]} must be a positive whole number; got "${raw}"`);
    limits[key] = value;
  }
  return limits;
}

/** List fields are assumed to return this many items unless a literal `first` says otherwise. */
const DEFAULT_LIST_SIZE = 10;

/** Figures stop growing here: spreads that double at each fragment pass any float, and every limit is far below. */
const CEILING = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(CEILING, a + b);
const times = (a: number, b: number) => Math.min(CEILING, a * b);

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** Figures of one selection set, relative to it: a field directly in it is at depth 1. */
interface Measure {
  depth: number;
  aliases: number;
  /** fields with every fragment spread written out, list sizes not counted */
  fields: number;
  cost: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0, fields: 0, cost: 0 };

/** Test hook: counts the selections the rules look at, so a test can hold the work linear in the document. */
export interface MeasureProbe {
  visited: number;
}

/**
 * Measures the operations of one document: depth (root fields are 1), aliases, and cost (1 per
 * field; a field with a literal `first` multiplies its selection by it, any other list field by
 * 10; never less than the fields the operation holds with every spread written out). A named
 * fragment's figures do not depend on where it is spread, so each fragment is measured once and
 * reused at every spread: the work is linear in the document, where walking each spread again
 * made 26 fragments that spread the previous one twice cost 2^25 walks. A fragment in a cycle
 * (which graphql's NoFragmentCycles refuses) counts as empty where it recurs. The walk stops going
 * deeper once the depth limit is passed, so a depth bomb cannot overflow the stack.
 */
class DocumentMeasure {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly measured = new Map<string, Measure>();
  private readonly measuring = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly limits: OperationLimits,
    private readonly probe?: MeasureProbe,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  operation(node: OperationDefinitionNode): { depth: number; aliases: number; cost: number; rootFields: number } {
    const root =
      node.operation === 'mutation'
        ? this.schema.getMutationType()
        : node.operation === 'subscription'
          ? this.schema.getSubscriptionType()
          : this.schema.getQueryType();
    const m = this.selectionSet(node.selectionSet, root ?? undefined, 1);
    return { depth: m.depth, aliases: m.aliases, cost: Math.max(m.cost, m.fields), rootFields: this.rootFields(node.selectionSet, new Set()) };
  }

  private fragment(name: string): Measure {
    const known = this.measured.get(name);
    if (known) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.measuring.has(name)) return NOTHING;
    this.measuring.add(name);
    const m = this.selectionSet(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value) ?? undefined, 1);
    this.measuring.delete(name);
    this.measured.set(name, m);
    return m;
  }

  /** `level`: how deep this set's fields sit, counted from the operation or from the fragment being measured. */
  private selectionSet(set: SelectionSetNode, type: GraphQLNamedType | undefined, level: number): Measure {
    const m = { ...NOTHING };
    for (const selection of set.selections) {
      if (this.probe) this.probe.visited++;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) m.aliases = add(m.aliases, 1);
        m.fields = add(m.fields, 1);
        // __typename costs nothing and introspection is not walked; both still count as fields.
        if (selection.name.value.startsWith('__')) continue;
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
        let cost = 1;
        let depth = 1;
        if (selection.selectionSet && level <= this.limits.maxDepth) {
          // A literal `first` sizes a list or a connection page; other lists count as 10 items.
          const first = selection.arguments?.find((a) => a.name.value === 'first');
          let size = first?.value.kind === Kind.INT ? Math.max(1, Number(first.value.value)) : 1;
          if (!first && field && isList(field.type)) size = DEFAULT_LIST_SIZE;
          const inner = this.selectionSet(selection.selectionSet, field ? getNamedType(field.type) : undefined, level + 1);
          m.aliases = add(m.aliases, inner.aliases);
          m.fields = add(m.fields, inner.fields);
          cost = add(1, times(size, inner.cost));
          depth = 1 + inner.depth;
        }
        m.depth = Math.max(m.depth, depth);
        m.cost = add(m.cost, cost);
      } else {
        const inner =
          selection.kind === Kind.INLINE_FRAGMENT
            ? this.selectionSet(selection.selectionSet, (selection.typeCondition && this.schema.getType(selection.typeCondition.name.value)) || type, level)
            : this.fragment(selection.name.value);
        m.depth = Math.max(m.depth, inner.depth);
        m.aliases = add(m.aliases, inner.aliases);
        m.fields = add(m.fields, inner.fields);
        m.cost = add(m.cost, inner.cost);
      }
    }
    return m;
  }

  /** Root fields of an operation; a fragment counts once, however often it is spread. */
  private rootFields(set: SelectionSetNode, seen: Set<string>): number {
    let count = 0;
    for (const selection of set.selections) {
      if (this.probe) this.probe.visited++;
      if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += this.rootFields(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) count += this.rootFields(fragment.selectionSet, seen);
      }
    }
    return count;
  }
}

/** Apollo Server sends every validation error as GRAPHQL_VALIDATION_FAILED (400); `limit` says which one was passed. */
const refuse = (limit: string, variable: string, what: string, actual: number, max: number) =>
  new GraphQLError(`${what} ${limit === 'depth' ? 'of at least ' : ''}${actual} exceeds the limit of ${max} (${variable})`, {
    extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, limit, max, actual },
  });

/** Validation rules: run before execution, so a refused operation never reaches a subgraph. */
export function operationLimitRules(limits: OperationLimits, probe?: MeasureProbe): ValidationRule[] {
  const rule: ValidationRule = (context: ValidationContext): ASTVisitor => {
    // One per document, so operations that share fragments share their figures too.
    let measure: DocumentMeasure | undefined;
    return {
      OperationDefinition(node) {
        measure ??= new DocumentMeasure(context.getSchema(), context.getDocument(), limits, probe);
        const m = measure.operation(node);
        if (m.rootFields > limits.maxRootFields)
          context.reportError(refuse('rootFields', VARIABLES.maxRootFields, 'Root field count', m.rootFields, limits.maxRootFields));
        if (m.depth > limits.maxDepth) context.reportError(refuse('depth', VARIABLES.maxDepth, 'Query depth', m.depth, limits.maxDepth));
        if (m.aliases > limits.maxAliases) context.reportError(refuse('aliases', VARIABLES.maxAliases, 'Alias count', m.aliases, limits.maxAliases));
        if (m.cost > limits.maxCost) context.reportError(refuse('cost', VARIABLES.maxCost, 'Estimated cost', m.cost, limits.maxCost));
        return false;
      },
    };
  };
  return [rule];
}
