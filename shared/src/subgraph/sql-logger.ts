import type { Logger } from 'typeorm';

/**
 * The TypeORM logger of every subgraph. It counts statements (tests prove "no N+1" and "one
 * GROUP BY per request" with it) and reports failed statements by driver code only: TypeORM's
 * own loggers print statements with their parameters, and parameters hold personal data.
 */
export class SqlCounter implements Logger {
  statements = 0;
  constructor(private readonly onError: (message: string) => void = () => undefined) {}
  logQuery(): void {
    this.statements++;
  }
  logQueryError(error: string | Error): void {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    this.onError(`SQL statement failed${typeof code === 'string' ? ` (code ${code})` : ''}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
