import type { DataSource } from 'typeorm';
import { badInput } from '@coalition/shared';
import type { DataChanges } from './data-changes.type';

/** The channel the data-version triggers notify with the new version (migration 1732400000000). */
export const DATA_VERSION_CHANNEL = 'coalition_data_version';

/** The function an own-database partner may provide in its views schema (docs/OWN-DATABASE.md). */
export const PROVIDED_FUNCTION = 'coalition_data_version';

/**
 * Where a partner's data version comes from: our migrations' counter (tables mode), the
 * partner's own `coalition_data_version()` (views mode), or else a checksum over the views.
 */
export type DataVersionSource = 'table' | 'function' | 'checksum';

/** An order-free digest of one relation: row count and the sum of 60-bit slices of each row's md5. */
const digestOf = (relation: string) =>
  `(SELECT count(*)::text || '.' || coalesce(sum(('x' || left(md5(r::text), 15))::bit(60)::bigint), 0)::text FROM ${relation} r)`;

/**
 * One statement per source. The checksum reads every row of every view on each call (a full scan
 * of participant, stage_event and outcome), which is why a partner should provide the function.
 */
export const DATA_VERSION_SQL: Readonly<Record<DataVersionSource, string>> = {
  table: 'SELECT version::text AS version FROM data_version',
  function: `SELECT ${PROVIDED_FUNCTION}()::text AS version`,
  checksum: `SELECT 'checksum:' || ${['participant', 'stage_event', 'outcome'].map(digestOf).join(` || ':' || `)} AS version`,
};

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

export async function readDataVersion(db: Queryable, source: DataVersionSource): Promise<string> {
  const [row] = await db.query(DATA_VERSION_SQL[source]);
  return String(row.version);
}

/** How the change log (migration 1732500000000) marks a truncate, whose row count is unknown. */
export const TRUNCATED_SUFFIX = ' (truncated)';

const MAX_VERSION = 2n ** 63n - 1n;

/**
 * Rows changed since `since` by the change log, and the version they bring it to, in one
 * statement so both come from the same snapshot. A version is a bigint: anything else is refused
 * before it reaches SQL. The sum is capped at GraphQL's Int.
 */
export async function readChangesSince(db: Queryable, since: string): Promise<DataChanges> {
  if (!/^\d{1,19}$/.test(since) || BigInt(since) > MAX_VERSION) throw badInput('version', 'must be a non-negative whole number, as dataVersion gives it');
  const [row] = await db.query(
    `SELECT (SELECT version::text FROM data_version) AS version,
            least(coalesce(sum(c.rows), 0), 2147483647)::int AS records,
            coalesce(bool_or(c.table_name LIKE '%' || $2), false) AS truncated
       FROM data_change c
      WHERE c.version > $1::bigint`,
    [since, TRUNCATED_SUFFIX],
  );
  return { records: Number(row.records), truncated: Boolean(row.truncated), version: String(row.version) };
}

/**
 * The partner's `coalition_data_version()` in `schema`: absent, or present with what is wrong
 * with it (it must take no arguments and return text). Checked by coalition-check and at start.
 */
export async function findProvidedFunction(dataSource: DataSource, schema: string): Promise<{ problem?: string } | null> {
  const rows: Array<{ returns: string; args: number }> = await dataSource.query(
    `SELECT format_type(p.prorettype, NULL) AS returns, p.pronargs::int AS args
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proname = $2`,
    [schema, PROVIDED_FUNCTION],
  );
  if (!rows.length) return null;
  const usable = rows.find((r) => r.args === 0);
  if (!usable) return { problem: 'takes arguments; it must take none' };
  if (usable.returns !== 'text') return { problem: `returns ${usable.returns}, expected text` };
  return {};
}

/** How a partner in `mode` reads its version: views use the provided function when it is there and sound. */
export async function dataVersionSourceOf(dataSource: DataSource, mode: 'tables' | 'views', schema: string): Promise<DataVersionSource> {
  if (mode === 'tables') return 'table';
  const provided = await findProvidedFunction(dataSource, schema);
  return provided && !provided.problem ? 'function' : 'checksum';
}
