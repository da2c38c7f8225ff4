/** A result's tables as the schema has them: the finest as `cells`, the grand `total`, the `margins` between. */
export function tables<Cell, Result extends { tables: Array<{ cells: Cell[] }> }>(result: Result & { tables: Array<{ cells: Cell[] }> }) {
  const { tables: all, ...rest } = result;
  return { ...rest, cells: all[all.length - 1].cells, total: all[0].cells[0], margins: all.slice(1, -1) as Result['tables'] };
}
