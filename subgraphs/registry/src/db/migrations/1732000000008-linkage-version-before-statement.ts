import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['stakeholder', 'stakeholder_link'];

/**
 * The linkage version's bump moves from after each statement to before it: a writer then takes
 * the counter's row lock before any row lock of its own, so two multi-statement writers queue
 * on the counter instead of each holding rows the other waits for (a deadlock that aborts one).
 * The version still moves with every committed change and never with a rolled-back one.
 */
export class LinkageVersionBeforeStatement1732000000008 implements MigrationInterface {
  name = 'LinkageVersionBeforeStatement1732000000008';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await this.trigger(q, table, 'BEFORE');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await this.trigger(q, table, 'AFTER');
  }

  private async trigger(q: QueryRunner, table: string, when: 'BEFORE' | 'AFTER'): Promise<void> {
    await q.query(`DROP TRIGGER ${table}_bumps_linkage_version ON ${table}`);
    await q.query(
      `CREATE TRIGGER ${table}_bumps_linkage_version ${when} INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_linkage_version()`,
    );
  }
}
