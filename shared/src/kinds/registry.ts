import { badInput } from '../errors';
import { ModuleRegistry } from '../module-registry';
import { CHANGE } from './change';
import { COUNT } from './count';
import type { IndicatorKindModule, SpecPart } from './kind';
import { MEAN } from './mean';
import { MEDIAN } from './median';
import { RATE } from './rate';

/** The indicator kinds: adding one is a module in this folder and a line here. */
const BUILT_IN = [RATE, COUNT, MEDIAN, MEAN, CHANGE] as const;

export type IndicatorKindCode = (typeof BUILT_IN)[number]['code'];

/** Registration order is the kinds' order in lists and messages. */
export const indicatorKinds = new ModuleRegistry<IndicatorKindModule>('indicator kind', BUILT_IN);

/** The built-in kind codes: what the GraphQL enums are built from. */
export const INDICATOR_KIND_CODES: readonly IndicatorKindCode[] = indicatorKinds.codes() as IndicatorKindCode[];

/** The kind a request or a definition names, refused as bad input when no module has that code. */
export function indicatorKind(code: unknown, argument = 'kind'): IndicatorKindModule {
  const kind = typeof code === 'string' ? indicatorKinds.get(code) : undefined;
  if (!kind) throw badInput(argument, `must be one of ${indicatorKinds.codes().join(', ')}`);
  return kind;
}

/** Every part some registered kind has, with the kinds that have it, in registration order. */
export function specParts(): Array<{ name: string; part: SpecPart; kinds: string[] }> {
  const parts = new Map<string, { name: string; part: SpecPart; kinds: string[] }>();
  for (const kind of indicatorKinds.all()) {
    for (const [name, part] of Object.entries(kind.parts)) {
      const entry = parts.get(name) ?? { name, part, kinds: [] };
      entry.kinds.push(kind.code);
      parts.set(name, entry);
    }
  }
  return [...parts.values()];
}
