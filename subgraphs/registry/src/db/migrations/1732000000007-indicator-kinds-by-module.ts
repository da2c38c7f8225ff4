import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicator kinds are modules of code (@coalition/shared, kinds/: each kind's rules, SQL, merge
 * and figure), listed once in the kind registry. The initial schema also froze the list into a
 * CHECK; this replaces it with a check of the code's shape only.
 *
 * Why not a CHECK generated from the kind registry: a migration runs once and must mean the same
 * thing whenever it runs, so it cannot import a list that changes later (a database migrated
 * before a kind was added would never learn it, and one migrated after would get a different
 * schema from the same migration). Why not a frozen list here: every new kind would then need a
 * migration even before any definition uses it. A definition naming a kind no module implements
 * is refused where it is used: the gateway and every partner check it against the kind registry
 * (`indicatorKind`, `parseIndicatorSpec`) and the registry serves kinds through the GraphQL enum
 * built from it. Definitions themselves still arrive by migration, checked by the catalogue test.
 */
export class IndicatorKindsByModule1732000000007 implements MigrationInterface {
  name = 'IndicatorKindsByModule1732000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_definition DROP CONSTRAINT indicator_definition_kind_check`);
    await q.query(`ALTER TABLE indicator_definition ADD CONSTRAINT indicator_definition_kind_shape CHECK (kind ~ '^[A-Z][A-Z0-9_]{1,39}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_definition DROP CONSTRAINT indicator_definition_kind_shape`);
    await q.query(`ALTER TABLE indicator_definition ADD CONSTRAINT indicator_definition_kind_check CHECK (kind IN ('RATE','COUNT','MEDIAN','MEAN','CHANGE'))`);
  }
}
