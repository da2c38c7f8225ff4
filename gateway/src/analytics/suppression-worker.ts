import type { CellValues } from '@coalition/shared';
import type { SuppressionReason, Suppressions } from './disclosure';
import { decideCube } from './protection/cube';
import { decideFunnel, type FunnelDecision, type HandoffCount } from './protection/funnel';
import type { Attacker, DisclosureRule, Exposure, PublicationModel } from './protection/model';
import { auditModel } from './protection/protect';
import type { LatticeTable } from './lattice';

/**
 * A suppression decision as it crosses to a worker thread: plain arrays only (structured clone),
 * the cube's counts without its measures, every table's cells in the main thread's order and
 * with its keys, so the worker decides exactly what the main thread would.
 */
export interface DecisionRequest {
  dimensions: string[];
  rule: DisclosureRule;
  tables: WireTable[];
}

type WireTable = { id: string; dimensions: string[]; cells: Array<{ key: string; values: CellValues; count: number }> };

/** A funnel's decision as it crosses to a worker: every stage's tables and every transition's handoffs. */
export interface FunnelRequest {
  dimensions: string[];
  rule: DisclosureRule;
  stages: WireTable[][];
  transitions: HandoffCount[][];
}

/** table id -> [cell key, reason] of every suppressed cell, in decision order. */
export type DecisionAnswer = Array<[string, Array<[string, SuppressionReason]>]>;

const wireTables = (lattice: Map<string, LatticeTable<unknown>>): WireTable[] =>
  [...lattice].map(([id, table]) => ({
    id,
    dimensions: [...table.dimensions],
    cells: [...table.cells.values()].map(({ key, values, count }) => ({ key, values: [...values], count })),
  }));

export function decisionRequest(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[], rule: DisclosureRule): DecisionRequest {
  return { dimensions: [...dimensions], rule: { k: rule.k, p: rule.p }, tables: wireTables(lattice) };
}

export function funnelRequest(
  stages: ReadonlyArray<Map<string, LatticeTable<unknown>>>,
  transitions: ReadonlyArray<readonly HandoffCount[]>,
  dimensions: readonly string[],
  rule: DisclosureRule,
): FunnelRequest {
  return {
    dimensions: [...dimensions],
    rule: { k: rule.k, p: rule.p },
    stages: stages.map(wireTables),
    transitions: transitions.map((t) => t.map((h) => ({ ...h }))),
  };
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
export async function decideSuppressions(request: DecisionRequest): Promise<DecisionAnswer> {
  const keys = new Map<string, string>();
  const lattice = latticeOf(request.tables, keys);
  const decided = await decideCube(lattice, request.dimensions, request.rule, (values) => keys.get(identity(values))!);
  return [...decided].map(([id, cells]) => [id, [...cells]]);
}

/** The worker's task for a funnel (piscina calls it by name). */
export async function decideFunnelSuppressions(request: FunnelRequest): Promise<FunnelDecision> {
  const keys = new Map<string, string>();
  const stages = request.stages.map((tables) => latticeOf(tables, keys));
  return decideFunnel({ dimensions: request.dimensions, stages, transitions: request.transitions }, request.rule, (values) => keys.get(identity(values))!);
}

function latticeOf(tables: readonly WireTable[], keys: Map<string, string>): Map<string, LatticeTable<null>> {
  const lattice = new Map<string, LatticeTable<null>>();
  for (const table of tables) {
    lattice.set(table.id, { dimensions: table.dimensions, cells: new Map(table.cells.map((c) => [c.key, { ...c, measures: null }])) });
    for (const cell of table.cells) keys.set(identity(cell.values), cell.key);
  }
  return lattice;
}

/** An audit of one figure as it crosses to a worker: the model, the hidden cells, the readers. */
export interface AuditRequest {
  model: PublicationModel;
  status: Array<[number, SuppressionReason]>;
  attackers: Attacker[];
  rule: DisclosureRule;
}

/** The worker's task for a release audit (piscina calls it by name). */
export function auditFigure(request: AuditRequest): Promise<Exposure[]> {
  return auditModel(request.model, new Map(request.status), request.attackers, request.rule);
}
