import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ENTITY_ROUTING, mergeRuleFor } from '@coalition/shared';

/** Response key under which the fan-out asks partners for each keyed list item's merge key. */
export const MERGE_KEY_ALIAS = '__cg_merge_key';

export interface SubgraphOperation {
  operation: OperationDefinitionNode;
  /** Root selections (fields), fragments already inlined. */
  rootFields: FieldNode[];
  isEntityFetch: boolean;
}

/**
 * Replaces fragment spreads with inline fragments so each fetch is one self-contained
 * operation: the planner may reuse named fragments, and splitting or merging by selection is
 * simpler without them.
 */
export function inlineFragments(document: DocumentNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (operation) throw new Error('subgraph fetch holds more than one operation');
      operation = definition;
    }
  }
  if (!operation) throw new Error('subgraph fetch holds no operation');
  const inline = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) throw new Error(`unknown or cyclic fragment ${name}`);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: selection.directives,
          selectionSet: inline(fragment.selectionSet, new Set([...seen, name])),
        };
      }
      if (selection.selectionSet) return { ...selection, selectionSet: inline(selection.selectionSet, seen) };
      return selection;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet, new Set()) };
}

export function analyze(document: DocumentNode | string): SubgraphOperation {
  const operation = inlineFragments(typeof document === 'string' ? parse(document) : document);
  const rootFields: FieldNode[] = [];
  const collect = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) rootFields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet.selections);
    }
  };
  collect(operation.selectionSet.selections);
  const isEntityFetch = rootFields.length === 1 && rootFields[0].name.value === '_entities';
  return { operation, rootFields, isEntityFetch };
}

export const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;

/** The value of a root field's argument, from a literal or the request variables. */
export function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  const read = (value: ValueNode): unknown => {
    switch (value.kind) {
      case Kind.VARIABLE:
        return variables[value.name.value];
      case Kind.STRING:
      case Kind.ENUM:
        return value.value;
      case Kind.INT:
        return Number(value.value);
      default:
        return undefined;
    }
  };
  return read(argument.value);
}

/** The operation restricted to some root fields, with only the variables those fields use. */
export function restrictToRootFields(subgraph: SubgraphOperation, keep: ReadonlySet<string>): string {
  const selections = subgraph.operation.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || keep.has(responseKey(s)));
  const used = new Set<string>();
  const restricted: OperationDefinitionNode = { ...subgraph.operation, selectionSet: { ...subgraph.operation.selectionSet, selections } };
  visit(restricted.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  return print({ ...restricted, variableDefinitions: restricted.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) });
}

/**
 * Adds `__cg_merge_key: <keyField>` to every keyed list under a network-wide entity, so
 * partners' cells can be matched even when the client did not select the key itself.
 */
export function withMergeKeys(subgraph: SubgraphOperation): string {
  const addKeys = (selectionSet: SelectionSetNode, typeName: string): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition?.name.value ?? typeName;
        return { ...selection, selectionSet: addKeys(selection.selectionSet, type) };
      }
      if (selection.kind !== Kind.FIELD || !selection.selectionSet) return selection;
      const rule = mergeRuleFor(typeName, selection.name.value);
      if (rule?.kind === 'object') return { ...selection, selectionSet: addKeys(selection.selectionSet, rule.type) };
      if (rule?.kind === 'keyed') {
        const keyField: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: MERGE_KEY_ALIAS }, name: { kind: Kind.NAME, value: rule.keyField } };
        const inner = addKeys(selection.selectionSet, rule.type);
        return { ...selection, selectionSet: { ...inner, selections: [...inner.selections, keyField] } };
      }
      return selection;
    }),
  });
  const entities = subgraph.rootFields[0];
  const selectionSet = entities.selectionSet!;
  const rewritten: SelectionSetNode = {
    ...selectionSet,
    selections: selectionSet.selections.map((selection) => {
      if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) return selection;
      const type = selection.typeCondition.name.value;
      return ENTITY_ROUTING[type]?.kind === 'network' ? { ...selection, selectionSet: addKeys(selection.selectionSet, type) } : selection;
    }),
  };
  const operation: OperationDefinitionNode = {
    ...subgraph.operation,
    selectionSet: { ...subgraph.operation.selectionSet, selections: [{ ...entities, selectionSet: rewritten }] },
  };
  return print(operation);
}
