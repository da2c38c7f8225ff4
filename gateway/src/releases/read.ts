import { badInput, emptyMeasures, indicatorKinds, type Dimension } from '@coalition/shared';
import type { Figure, FigureCell, FigureTable } from '../analytics/figures';
import { subsetsOf, tableId } from '../analytics/lattice';
import type { ReleasedIndicator } from './content';

/**
 * The tables a query asks for (`by` and every margin of it), read from a released cube: each is
 * one of the cube's stored tables, since `by` is a subset of the cube. With a comparison release,
 * its cells are paired by key; partners outside `visible` are left out as in live answers.
 */
export function releasedTables(
  current: ReleasedIndicator,
  by: readonly Dimension[],
  previous: ReleasedIndicator | null,
  visible: ReadonlySet<string> | 'ALL',
): FigureTable[] {
  const outside = by.find((d) => !current.dimensions.includes(d));
  if (outside) {
    const cube = current.dimensions.length ? current.dimensions.join(', ') : 'no dimension';
    throw badInput('by', `the release holds ${current.code} by ${cube} only, not by ${outside}`);
  }
  const stored = (indicator: ReleasedIndicator | null, subset: readonly Dimension[]) =>
    indicator?.tables.find((t) => tableId(t.dimensions) === tableId(subset)) ?? null;
  return subsetsOf(by).map((subset) => {
    const now = stored(current, subset)!;
    const before = stored(previous, subset);
    const earlier = new Map((before?.cells ?? []).map((cell) => [cell.key, cell]));
    const keys = new Map<string, FigureCell['values']>();
    for (const cell of [...now.cells, ...(before?.cells ?? [])]) keys.set(cell.key, cell.values);
    const later = new Map(now.cells.map((cell) => [cell.key, cell]));
    const cells: FigureCell[] = [];
    for (const [key, values] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const partner = values.find((v) => v.dimension === 'PARTNER');
      if (partner && visible !== 'ALL' && !visible.has(partner.value)) continue;
      const figure = later.get(key)?.current ?? emptyFigure(current.kind);
      const prior = previous ? (earlier.get(key)?.current ?? emptyFigure(previous.kind)) : null;
      const change = prior && figure.value !== null && prior.value !== null ? figure.value - prior.value : null;
      cells.push({ key, values, current: figure, previous: prior, change });
    }
    return { dimensions: [...subset], cells };
  });
}

/** A cell no record fell in (present in the other period only): zero people, as a live answer shows it. */
function emptyFigure(kind: string): Figure {
  const module = indicatorKinds.require(kind);
  const numerator = module.measures.includes('numerator') ? 0 : null;
  return { people: 0, numerator, value: module.figure(0, emptyMeasures(module.measures)), suppressed: false, suppression: null };
}

type CellValues = ReadonlyArray<{ dimension: string; value: string }>;

const outsideVisible = (values: CellValues, visible: ReadonlySet<string> | 'ALL') => {
  const partner = values.find((v) => v.dimension === 'PARTNER');
  return partner !== undefined && visible !== 'ALL' && !visible.has(partner.value);
};

/**
 * The tables of a released funnel or pre/post change that a query asks for: each a stored table
 * of the cube (`by` is a subset of it), cells of partners outside `visible` left out.
 */
export function releasedPathwayTables<C extends { key: string; values: CellValues }>(
  code: string,
  stored: ReadonlyArray<{ dimensions: Dimension[]; cells: C[] }>,
  cube: readonly Dimension[],
  by: readonly Dimension[],
  visible: ReadonlySet<string> | 'ALL',
): Array<{ dimensions: Dimension[]; cells: C[] }> {
  const outside = by.find((d) => !cube.includes(d));
  if (outside) throw badInput('by', `the release holds ${code} by ${cube.join(', ') || 'no dimension'} only, not by ${outside}`);
  return subsetsOf(by).map((subset) => {
    const table = stored.find((t) => tableId(t.dimensions) === tableId(subset))!;
    return { dimensions: [...subset], cells: table.cells.filter((cell) => !outsideVisible(cell.values, visible)) };
  });
}

/** Handoffs a caller is shown: those from or to one of its partners (as live answers filter them). */
export function visibleHandoffs<H extends { fromPartner: string; toPartner: string | null }>(
  handoffs: readonly H[],
  visible: ReadonlySet<string> | 'ALL',
): H[] {
  if (visible === 'ALL') return [...handoffs];
  return handoffs.filter((h) => visible.has(h.fromPartner) || (h.toPartner !== null && visible.has(h.toPartner)));
}
