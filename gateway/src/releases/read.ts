import { badInput, emptyMeasures, indicatorKinds, type Dimension } from '@coalition/shared';
import { handoffVisible, partnerVisible, type Disclosure } from '../analytics/disclosure-scope';
import { pairedCells, type Figure, type FigureCell, type FigureTable } from '../analytics/figures';
import { subsetsOf, tableId } from '../analytics/lattice';
import type { ReleasedIndicator } from './content';

type Visible = Disclosure['visible'];

/**
 * The stored tables a query asks for, `by` and every margin of it: each is a table of the released
 * cube, since `by` must be a subset of it.
 */
function cubeTables<T extends { dimensions: Dimension[] }>(code: string, stored: readonly T[], cube: readonly Dimension[], by: readonly Dimension[]): T[] {
  const outside = by.find((d) => !cube.includes(d));
  if (outside) throw badInput('by', `the release holds ${code} by ${cube.join(', ') || 'no dimension'} only, not by ${outside}`);
  return subsetsOf(by).map((subset) => stored.find((t) => tableId(t.dimensions) === tableId(subset))!);
}

/**
 * A released indicator's tables for a query. With a comparison release, its cells are paired by
 * key as a live answer pairs its periods; partners outside `visible` are left out.
 */
export function releasedTables(current: ReleasedIndicator, by: readonly Dimension[], previous: ReleasedIndicator | null, visible: Visible): FigureTable[] {
  return cubeTables(current.code, current.tables, current.dimensions, by).map((now) => {
    const before = previous?.tables.find((t) => tableId(t.dimensions) === tableId(now.dimensions)) ?? null;
    const keys = new Map<string, FigureCell['values']>();
    for (const cell of [...now.cells, ...(before?.cells ?? [])]) keys.set(cell.key, cell.values);
    const figureOf = (cells: readonly FigureCell[], kind: string) => {
      const byKey = new Map(cells.map((cell) => [cell.key, cell.current]));
      return (key: string) => byKey.get(key) ?? emptyFigure(kind);
    };
    const earlier = previous ? figureOf(before?.cells ?? [], previous.kind) : null;
    return { dimensions: [...now.dimensions], cells: pairedCells(keys, figureOf(now.cells, current.kind), earlier, visible) };
  });
}

/** A cell no record fell in (present in the other period only): zero people, as a live answer shows it. */
function emptyFigure(kind: string): Figure {
  const module = indicatorKinds.require(kind);
  const numerator = module.measures.includes('numerator') ? 0 : null;
  return { people: 0, numerator, value: module.figure(0, emptyMeasures(module.measures)), suppressed: false, suppression: null };
}

/** The tables of a released funnel or pre/post change that a query asks for, cells of partners outside `visible` left out. */
export function releasedPathwayTables<C extends { key: string; values: ReadonlyArray<{ dimension: string; value: string }> }>(
  code: string,
  stored: ReadonlyArray<{ dimensions: Dimension[]; cells: C[] }>,
  cube: readonly Dimension[],
  by: readonly Dimension[],
  visible: Visible,
): Array<{ dimensions: Dimension[]; cells: C[] }> {
  return cubeTables(code, stored, cube, by).map((table) => ({
    dimensions: [...table.dimensions],
    cells: table.cells.filter((cell) => partnerVisible(cell.values, visible)),
  }));
}

/** Handoffs a caller is shown: those from or to one of its partners (as live answers filter them). */
export function visibleHandoffs<H extends { fromPartner: string; toPartner: string | null }>(handoffs: readonly H[], visible: Visible): H[] {
  return handoffs.filter((h) => handoffVisible(h, visible));
}
