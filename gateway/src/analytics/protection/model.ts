import type { SuppressionReason } from '../disclosure';

/**
 * A publication as linear algebra, whatever it publishes (an indicator's cube, a funnel with its
 * handoffs): atoms are the true counts nobody outside the backbone reads directly (the people of
 * one finest cell, who stopped at one stage, who went from one partner to another), and every
 * figure is a sum of atoms. Plain data, so a worker thread can be handed one.
 */
export interface PublicationModel {
  /** Each atom's true count. */
  atoms: number[];
  cells: ModelCell[];
  /** Facts every reader knows from the definitions, e.g. that stage totals equal transition totals: Σ coefficient · atom = 0. */
  identities: Array<Array<[atom: number, coefficient: number]>>;
}

export interface ModelCell {
  /** The table the cell is in; complementary cells are picked from it first. */
  table: string;
  /** The cell within its table, by dimension: cells one value apart share a line. */
  values: Array<{ dimension: string; value: string }>;
  atoms: number[];
  /** Never hidden by this pass (its own protection decided it already, or it is not a count of people). */
  fixed?: boolean;
}

/** Someone who reads part of the publication and may know some atoms beforehand. */
export interface Attacker {
  name: string;
  /** Atoms it knows exactly (partner staff: its own partner's people). */
  known: number[];
  /** Cells it can read; 'ALL': every cell. */
  sees: number[] | 'ALL';
}

/** DISCLOSURE_PROTECTION's default: with k = 11, a hidden count of 1 could be anything from 1 to 4 or more. */
export const DEFAULT_PROTECTION = 3;

/** k and the protection level p (DISCLOSURE_MIN_CELL, DISCLOSURE_PROTECTION). */
export interface DisclosureRule {
  k: number;
  p: number;
}

/** Why cells are hidden, by cell index (absent: published). */
export type CellStatus = Map<number, SuppressionReason>;

/** Which end of a cell's interval is too narrow ('published': the cell is shown, so pinned). */
export type Side = 'high' | 'low' | 'published';

/** A small cell an attacker could narrow too far, and how far. */
export interface Exposure {
  attacker: string;
  cell: number;
  /** The interval the attacker can derive; equal ends mean the value is pinned. */
  low: number;
  high: number;
  truth: number;
}

export const cellCount = (model: PublicationModel, cell: number): number => model.cells[cell].atoms.reduce((sum, a) => sum + model.atoms[a], 0);

/** The part of a cell's people the attacker does not know (partner staff know their own). */
function unknownPart(model: PublicationModel, cell: number, known: ReadonlySet<number>): number {
  let sum = 0;
  for (const a of model.cells[cell].atoms) if (!known.has(a)) sum += model.atoms[a];
  return sum;
}

/**
 * The cells whose people an attacker must not be able to narrow down: cells it reads in which
 * 1 to k-1 people are not its own. For partner staff that includes a network cell of 500 people
 * of whom 495 are its own (the other five would be a published remainder).
 */
export function sensitiveCells(model: PublicationModel, attacker: Attacker, k: number): number[] {
  const known = new Set(attacker.known);
  const seen = attacker.sees === 'ALL' ? model.cells.map((_c, i) => i) : attacker.sees;
  return seen.filter((cell) => {
    const unknown = unknownPart(model, cell, known);
    return unknown >= 1 && unknown < k;
  });
}
