import { badInput } from '../errors';
import { ModuleRegistry, listOf } from '../module-registry';
import { AGE_BAND } from './age-band';
import { COHORT } from './cohort';
import { COUNTY } from './county';
import type { CellValues, DimensionDescriptor } from './dimension';
import { PARTNER } from './partner';
import { PROGRAM_TYPE } from './program-type';
import { RACE_GROUP } from './race-group';
import { SEX } from './sex';
import { SENTIMENT } from './sentiment';

/** The dimensions of the contract: adding one is a module in this folder and a line here. */
const BUILT_IN = [PARTNER, SEX, RACE_GROUP, AGE_BAND, COUNTY, COHORT, PROGRAM_TYPE, SENTIMENT] as const;

export type Dimension = (typeof BUILT_IN)[number]['code'];

export const dimensionDescriptors = new ModuleRegistry<DimensionDescriptor>('dimension', BUILT_IN, (a, b) => a.order - b.order);

/** The contract's dimension codes in canonical order: what the GraphQL enums are built from. */
export const DIMENSIONS: readonly Dimension[] = dimensionDescriptors.codes() as Dimension[];

/** At most this many dimensions in one figure (partners and the gateway alike). */
export const MAX_DIMENSIONS = 4;

const orderOf = (code: string) => dimensionDescriptors.get(code)?.order ?? Number.POSITIVE_INFINITY;

/** Sorts dimension codes into canonical order; unregistered ones go last, in the order given. */
export const compareDimensions = (a: string, b: string): number => orderOf(a) - orderOf(b);

/**
 * The requested dimensions once each, in canonical order, at most MAX_DIMENSIONS, every one
 * registered: how partners and the gateway read a `by` argument.
 */
export function canonicalDimensions<D extends string = Dimension>(by: readonly D[], argument = 'by'): D[] {
  const unknown = by.find((d) => !dimensionDescriptors.has(d));
  if (unknown !== undefined) throw badInput(argument, `unknown dimension ${String(unknown)}; the dimensions are ${listOf(dimensionDescriptors.codes())}`);
  const dimensions = [...new Set(by)].sort(compareDimensions);
  if (dimensions.length > MAX_DIMENSIONS) throw badInput(argument, `at most ${MAX_DIMENSIONS} dimensions at once`);
  return dimensions;
}

function inCanonicalOrder(values: CellValues): boolean {
  for (let i = 1; i < values.length; i++) if (orderOf(values[i - 1].dimension) > orderOf(values[i].dimension)) return false;
  return true;
}

/** A cell's values in canonical order (a copy only when they were not); unregistered dimensions keep their place after the others. */
export function canonicalValues<V extends CellValues>(values: V): V {
  return inCanonicalOrder(values) ? values : ([...values].sort((a, b) => compareDimensions(a.dimension, b.dimension)) as unknown as V);
}

/**
 * The key of a cell, e.g. "PARTNER=a|SEX=FEMALE": its values in canonical order, whatever order
 * they come in. Cells merge by it; it is made, never parsed (the values travel with it).
 */
export function cellKey(values: CellValues): string {
  return canonicalValues(values)
    .map((v) => `${v.dimension}=${v.value}`)
    .join('|');
}
