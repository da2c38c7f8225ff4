import type { MigrationInterface, QueryRunner } from 'typeorm';

const PRE_POST_DIMENSIONS = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY', 'COHORT', 'PROGRAM_TYPE'];

/**
 * Pathway definitions, versioned and immutable like indicators, with the demo coalition's two
 * pathways; and the pre/post indicators whose two values a person's different partners may
 * have recorded (WAGE_GAIN v2, CONFIDENCE_GAIN v1), which the gateway pairs by GSID.
 */
export class Pathways1732000000006 implements MigrationInterface {
  name = 'Pathways1732000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_definition (
        code          text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        version       integer NOT NULL CHECK (version >= 1),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description   text NOT NULL,
        stages        text[] NOT NULL CHECK (cardinality(stages) >= 2 AND stages <@ ARRAY['INTAKE','TRAINING','CREDENTIAL','PLACEMENT','RETENTION_90D','RETENTION_12M']::text[]),
        published_on  date NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE FUNCTION pathway_definition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'pathway definitions are immutable; publish a new version instead';
      END $$`);
    await q.query(
      `CREATE TRIGGER pathway_definition_no_update BEFORE UPDATE ON pathway_definition FOR EACH ROW EXECUTE FUNCTION pathway_definition_immutable()`,
    );
    const pathways: Array<[string, string, string, string[]]> = [
      [
        'WORKFORCE',
        'Training to retention',
        'Intake, occupational training, a credential, placement in a job, and still employed 90 days and 12 months after placement.',
        ['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'],
      ],
      [
        'PLACEMENT_RETENTION',
        'Placement to retention',
        'Intake, placement in a job, and still employed 90 days and 12 months after placement (with or without training first).',
        ['INTAKE', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'],
      ],
    ];
    for (const [code, name, description, stages] of pathways) {
      await q.query(`INSERT INTO pathway_definition (code, version, name, description, stages, published_on) VALUES ($1, 1, $2, $3, $4, DATE '2026-11-23')`, [
        code,
        name,
        description,
        stages,
      ]);
    }
    const prePost: Array<[string, number, string, string, string, object]> = [
      [
        'WAGE_GAIN',
        2,
        'Wage gain',
        'Per person: quarterly earnings in the second quarter after exit (EARN_Q2) minus earnings in the quarter before intake (EARN_PRE), paired by GSID even when two partners recorded them.',
        'USD per quarter',
        {
          prePost: {
            before: { source: 'OUTCOME', code: 'EARN_PRE', period: 'BEFORE_INTAKE' },
            after: { source: 'OUTCOME', code: 'EARN_Q2', period: 'Q2_AFTER_EXIT' },
          },
          dimensions: PRE_POST_DIMENSIONS,
          source: 'coalition-defined',
        },
      ],
      [
        'CONFIDENCE_GAIN',
        1,
        'Job-search confidence gain',
        'Per person: the self-rated job-search confidence score (1 to 10) at exit minus the score at intake, paired by GSID even when two partners asked.',
        'points (1 to 10 scale)',
        {
          prePost: { before: { source: 'SURVEY', code: 'CONFIDENCE', wave: 'INTAKE' }, after: { source: 'SURVEY', code: 'CONFIDENCE', wave: 'EXIT' } },
          dimensions: PRE_POST_DIMENSIONS,
          source: 'coalition-defined',
        },
      ],
    ];
    for (const [code, version, name, description, unit, definition] of prePost) {
      await q.query(
        `INSERT INTO indicator_definition (code, version, name, description, kind, unit, value_type, definition, published_on) VALUES ($1, $2, $3, $4, 'CHANGE', $5, 'NUMBER', $6, DATE '2026-11-23')`,
        [code, version, name, description, unit, JSON.stringify(definition)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM indicator_definition WHERE (code, version) IN (('WAGE_GAIN', 2), ('CONFIDENCE_GAIN', 1))`);
    await q.query(`DROP TRIGGER pathway_definition_no_update ON pathway_definition`);
    await q.query(`DROP FUNCTION pathway_definition_immutable`);
    await q.query(`DROP TABLE pathway_definition`);
  }
}
