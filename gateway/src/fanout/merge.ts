import { Kind, type FieldNode, type SelectionNode } from 'graphql';
import { mergeRuleFor } from '@coalition/shared';
import { MERGE_KEY_ALIAS, responseKey } from './operation';

type Json = Record<string, unknown>;

function fieldsOf(selections: readonly SelectionNode[], typeName: string, out: FieldNode[] = []): FieldNode[] {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      if (!condition || condition === typeName) fieldsOf(selection.selectionSet.selections, typeName, out);
    }
  }
  return out;
}

/**
 * Merges several partners' answers for one network-wide object, field by field, by the rules
 * declared in @coalition/shared. A field without a rule is a contract bug, not a runtime choice.
 */
export function mergeObjects(typeName: string, selections: readonly SelectionNode[], objects: Json[]): Json {
  const merged: Json = {};
  for (const field of fieldsOf(selections, typeName)) {
    const key = responseKey(field);
    if (key in merged) continue;
    const rule = mergeRuleFor(typeName, field.name.value);
    if (!rule) throw new Error(`no merge rule for ${typeName}.${field.name.value}`);
    const values = objects.map((o) => o[key]);
    const present = values.filter((v) => v !== null && v !== undefined);
    switch (rule.kind) {
      case 'same':
        merged[key] = present.length ? present[0] : null;
        break;
      case 'sum':
        merged[key] = present.length ? (present as number[]).reduce((a, b) => a + b, 0) : null;
        break;
      case 'concat':
        merged[key] = present.length ? (present as unknown[][]).flat() : null;
        break;
      case 'object':
        merged[key] = present.length ? mergeObjects(rule.type, field.selectionSet?.selections ?? [], present as Json[]) : null;
        break;
      case 'keyed': {
        if (!present.length) {
          merged[key] = null;
          break;
        }
        const groups = new Map<string, Json[]>();
        for (const item of (present as Json[][]).flat()) {
          const itemKey = String(item[MERGE_KEY_ALIAS]);
          groups.set(itemKey, [...(groups.get(itemKey) ?? []), item]);
        }
        merged[key] = [...groups.keys()].sort().map((k) => mergeObjects(rule.type, field.selectionSet?.selections ?? [], groups.get(k)!));
        break;
      }
    }
  }
  return merged;
}
