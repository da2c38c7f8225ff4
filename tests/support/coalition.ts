import { startCoalition, type Coalition, type CoalitionOptions } from '@coalition/demo';
import { dropDatabasesWithPrefix, testServerUrl, uniquePrefix } from './database';

/** A whole coalition on fresh databases of the test server; stop() also drops them. */
export async function startTestCoalition(label: string, options: Partial<CoalitionOptions> = {}): Promise<Coalition & { dispose(): Promise<void> }> {
  const prefix = uniquePrefix(label);
  const coalition = await startCoalition({ adminUrl: testServerUrl(), databasePrefix: prefix, partnerTimeoutMs: 2_000, ...options });
  return {
    ...coalition,
    async dispose() {
      await coalition.stop();
      await dropDatabasesWithPrefix(prefix);
    },
  };
}

/** SQL statements each partner has run since `before` (from partnerSqlCounts). */
export function partnerSqlCounts(coalition: Coalition): Map<string, number> {
  return new Map([...coalition.partners].map(([id, p]) => [id, p.database.sql.statements]));
}

export function sqlDelta(coalition: Coalition, before: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...coalition.partners].map(([id, p]) => [id, p.database.sql.statements - before.get(id)!]));
}
