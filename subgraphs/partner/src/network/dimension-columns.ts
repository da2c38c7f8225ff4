import { dimensionDescriptors } from '@coalition/shared';

/**
 * The SELECT columns `d0`, `d1`, ... of the dimensions, from their modules' SQL over alias `p`;
 * `bind` adds a parameter and returns its placeholder. The partner's own id, when a dimension
 * asks for it, is bound once.
 */
export function dimensionColumns(dimensions: readonly string[], partnerId: string, bind: (value: unknown, cast: string) => string): string[] {
  let partner: string | undefined;
  const context = { partnerId: () => (partner ??= bind(partnerId, '::text')) };
  return dimensions.map((d, i) => `${dimensionDescriptors.require(d).sql(context)} AS d${i}`);
}

/** A result row's dimension values (columns `d0`, `d1`, ...), named by dimension. */
export function dimensionValues<D extends string>(dimensions: readonly D[], row: Readonly<Record<string, unknown>>): Array<{ dimension: D; value: string }> {
  return dimensions.map((dimension, i) => ({ dimension, value: String(row[`d${i}`]) }));
}
