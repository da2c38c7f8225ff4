import type { CellValues } from '@coalition/shared';
import { suppress, type SuppressionReason, type Suppressions } from './disclosure';
import type { LatticeTable } from './lattice';

/**
 * A suppression decision as it crosses to a worker thread: plain arrays only (structured clone),
 * the cube's counts without its measures, every table's cells in the main thread's order and
 * with its keys, so the worker decides exactly what the main thread would.
 */
export interface DecisionRequest {
  dimensions: string[];
  k: number;
  tables: Array<{ id: string; dimensions: string[]; cells: Array<{ key: string; values: CellValues; count: number }> }>;
}

/** table id -> [cell key, reason] of every suppressed cell, in decision order. */
export type DecisionAnswer = Array<[string, Array<[string, SuppressionReason]>]>;

export function decisionRequest(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[], k: number): DecisionRequest {
  const tables = [...lattice].map(([id, table]) => ({
    id,
    dimensions: [...table.dimensions],
    cells: [...table.cells.values()].map(({ key, values, count }) => ({ key, values: [...values], count })),
  }));
  return { dimensions: [...dimensions], k, tables };
}

export function suppressionsOf(answer: DecisionAnswer): Suppressions {
  return new Map(answer.map(([id, cells]) => [id, new Map(cells)]));
}

/** A cell by what it is (its dimension = value pairs), whatever their order: registry-free. */
const identity = (values: CellValues) => JSON.stringify(values.map((v) => [v.dimension, v.value]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The worker's task (piscina calls it by name). Keys are not recomputed here: the dimension
 * registry of the main thread (modules may add dimensions) is not this thread's, so every
 * projection is looked up among the main thread's own keys.
 */
export function decideSuppressions(request: DecisionRequest): DecisionAnswer {
  const lattice = new Map<string, LatticeTable<null>>();
  const keys = new Map<string, string>();
  for (const table of request.tables) {
    lattice.set(table.id, { dimensions: table.dimensions, cells: new Map(table.cells.map((c) => [c.key, { ...c, measures: null }])) });
    for (const cell of table.cells) keys.set(identity(cell.values), cell.key);
  }
  const decided = suppress(lattice, request.dimensions, request.k, (values) => keys.get(identity(values))!);
  return [...decided].map(([id, cells]) => [id, [...cells]]);
}
