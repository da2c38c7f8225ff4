/** Anything that runs SQL: the data source, or a transaction's entity manager. */
export interface Queryable {
  // TypeORM's query() returns any; each caller states the shape of its rows.
  // biome-ignore lint/suspicious/noExplicitAny: matches DataSource.query and EntityManager.query
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * SQL: `survivor(start, survivor)` for the stakeholders matching `startWhere` (over alias s),
 * following merge chains up to 32 deep. Put it after WITH RECURSIVE.
 */
export function survivorCte(startWhere: string): string {
  return `chain(start, gsid, merged_into, depth) AS (
       SELECT s.gsid, s.gsid, s.merged_into, 0 FROM stakeholder s WHERE ${startWhere}
       UNION ALL
       SELECT c.start, s.gsid, s.merged_into, c.depth + 1 FROM stakeholder s JOIN chain c ON s.gsid = c.merged_into WHERE c.depth < 32
     ), survivor(start, survivor) AS (SELECT start, gsid FROM chain WHERE merged_into IS NULL)`;
}

/** Each GSID's survivor (itself unless merged), in one statement; unknown GSIDs are left out of the map. */
export async function findSurvivors(db: Queryable, gsids: readonly string[]): Promise<Map<string, string>> {
  const rows: Array<{ start: string; gsid: string }> = await db.query(
    `WITH RECURSIVE ${survivorCte('s.gsid = ANY($1)')} SELECT start, survivor AS gsid FROM survivor`,
    [[...gsids]],
  );
  return new Map(rows.map((row) => [row.start, row.gsid]));
}
