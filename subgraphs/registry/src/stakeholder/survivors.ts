/** Anything that runs SQL: the data source, or a transaction's entity manager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * Each GSID's survivor (itself unless merged, following merge chains up to 32 deep), in one
 * statement; unknown GSIDs are left out of the map.
 */
export async function findSurvivors(db: Queryable, gsids: readonly string[]): Promise<Map<string, string>> {
  const rows: Array<{ start: string; gsid: string }> = await db.query(
    `WITH RECURSIVE chain(start, gsid, merged_into, depth) AS (
       SELECT s.gsid, s.gsid, s.merged_into, 0 FROM stakeholder s WHERE s.gsid = ANY($1)
       UNION ALL
       SELECT c.start, s.gsid, s.merged_into, c.depth + 1 FROM stakeholder s JOIN chain c ON s.gsid = c.merged_into WHERE c.depth < 32
     ) SELECT start, gsid FROM chain WHERE merged_into IS NULL`,
    [[...gsids]],
  );
  return new Map(rows.map((row) => [row.start, row.gsid]));
}
