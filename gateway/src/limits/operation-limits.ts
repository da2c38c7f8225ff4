import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLNamedType,
} from 'graphql';

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

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * Measures an operation in one walk: depth (root fields are 1), aliases, and cost (1 per field;
 * a field with a literal `first` multiplies its selection by it, any other list field by 10). Fragments are followed
 * once per path, never in a cycle. Iterative where it matters, so a depth bomb cannot overflow
 * the stack: the walk stops going deeper once the depth limit is passed.
 */
function measure(context: ValidationContext, selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, limits: OperationLimits): Measure {
  const schema: GraphQLSchema = context.getSchema();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const result: Measure = { depth: 0, aliases: 0, cost: 0 };

  const walk = (set: SelectionSetNode, type: GraphQLNamedType | undefined, depth: number, multiplier: number, visiting: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) result.aliases++;
        if (selection.name.value.startsWith('__')) continue;
        result.depth = Math.max(result.depth, depth);
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
        let fieldCost = 1;
        if (selection.selectionSet && depth <= limits.maxDepth) {
          // A literal `first` sizes a list or a connection page; other lists count as 10 items.
          const first = selection.arguments?.find((a) => a.name.value === 'first');
          let size = first?.value.kind === Kind.INT ? Math.max(1, Number(first.value.value)) : 1;
          if (!first && field && isList(field.type)) size = DEFAULT_LIST_SIZE;
          fieldCost += size * walk(selection.selectionSet, field ? getNamedType(field.type) : undefined, depth + 1, multiplier * size, visiting);
        }
        cost += fieldCost;
        if (cost * multiplier > limits.maxCost * 10) return cost; // far over: stop counting
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += walk(selection.selectionSet, on ?? type, depth, multiplier, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        cost += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? type, depth, multiplier, visiting);
        visiting.delete(name);
      }
    }
    return cost;
  };
  result.cost = walk(selectionSet, parent, 1, 1, new Set());
  return result;
}

function countRootFields(context: ValidationContext, set: SelectionSetNode, visiting = new Set<string>()): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(context, selection.selectionSet, visiting);
    else if (!visiting.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      visiting.add(selection.name.value);
      if (fragment) count += countRootFields(context, fragment.selectionSet, visiting);
    }
  }
  return count;
}

const refuse = (limit: string, variable: string, what: string, actual: number, max: number) =>
  new GraphQLError(`${what} ${limit === 'depth' ? 'of at least ' : ''}${actual} exceeds the limit of ${max} (${variable})`, {
    extensions: { code: 'OPERATION_LIMIT', limit, max, actual, http: { status: 400 } },
  });

/** Validation rules: run before execution, so a refused operation never reaches a subgraph. */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const rule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const root = node.operation === 'mutation' ? context.getSchema().getMutationType() : node.operation === 'subscription' ? context.getSchema().getSubscriptionType() : context.getSchema().getQueryType();
      const roots = countRootFields(context, node.selectionSet);
      if (roots > limits.maxRootFields) context.reportError(refuse('rootFields', VARIABLES.maxRootFields, 'Root field count', roots, limits.maxRootFields));
      const m = measure(context, node.selectionSet, root ?? undefined, limits);
      if (m.depth > limits.maxDepth) context.reportError(refuse('depth', VARIABLES.maxDepth, 'Query depth', m.depth, limits.maxDepth));
      if (m.aliases > limits.maxAliases) context.reportError(refuse('aliases', VARIABLES.maxAliases, 'Alias count', m.aliases, limits.maxAliases));
      if (m.cost > limits.maxCost) context.reportError(refuse('cost', VARIABLES.maxCost, 'Estimated cost', m.cost, limits.maxCost));
      return false;
    },
  });
  return [rule];
}
