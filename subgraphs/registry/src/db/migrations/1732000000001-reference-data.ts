import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data every coalition starts with: the pathway stages and version 1 of the shared
 * workforce indicator catalogue (docs/INDICATORS.md explains each in plain language).
 */
export class ReferenceData1732000000001 implements MigrationInterface {
  name = 'ReferenceData1732000000001';

  async up(q: QueryRunner): Promise<void> {
    const stages: Array<[string, number, string, string]> = [
      ['INTAKE', 1, 'Intake', 'Enrolled with a partner: eligibility checked, intake assessment done.'],
      ['TRAINING', 2, 'Training', 'Started an occupational or skills training program.'],
      ['CREDENTIAL', 3, 'Credential', 'Earned a recognized postsecondary credential or certificate.'],
      ['PLACEMENT', 4, 'Placement', 'Started unsubsidized employment found with a partner.'],
      ['RETENTION_90D', 5, 'Retention 90 days', 'Still employed 90 days after placement.'],
      ['RETENTION_12M', 6, 'Retention 12 months', 'Still employed 12 months after placement.'],
    ];
    for (const stage of stages) {
      await q.query(`INSERT INTO pathway_stage (code, position, name, description) VALUES ($1, $2, $3, $4)`, stage);
    }
    const indicators: Array<[string, string, string, string, string, string, object]> = [
      [
        'EMP_Q2',
        'Employment rate, 2nd quarter after exit',
        'Share of exiters in unsubsidized employment during the second quarter after the quarter of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        { period: 'Q2_AFTER_EXIT', source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'EMP_Q4',
        'Employment rate, 4th quarter after exit',
        'Share of exiters in unsubsidized employment during the fourth quarter after the quarter of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        { period: 'Q4_AFTER_EXIT', source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'EARN_Q2',
        'Median earnings, 2nd quarter after exit',
        'Median quarterly earnings of exiters employed in the second quarter after exit.',
        'MEDIAN',
        'USD per quarter',
        'NUMBER',
        { period: 'Q2_AFTER_EXIT', source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'CRED_1Y',
        'Credential attainment within one year of exit',
        'Share of training participants who earned a recognized credential during the program or within one year of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        { period: 'WITHIN_1Y_OF_EXIT', source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'MSG',
        'Measurable skill gains',
        'Share of participants in training who achieved a documented skill gain during the program year.',
        'RATE',
        'percent',
        'BOOLEAN',
        { period: 'DURING_PROGRAM', source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'COMPLETION',
        'Program completion',
        'Share of exiters who completed the program they enrolled in.',
        'RATE',
        'percent',
        'BOOLEAN',
        { period: 'AT_EXIT', source: 'coalition-defined' },
      ],
      [
        'EARN_PRE',
        'Earnings before intake',
        'Quarterly earnings in the quarter before intake; the baseline of wage gain.',
        'MEAN',
        'USD per quarter',
        'NUMBER',
        { period: 'BEFORE_INTAKE', source: 'coalition-defined' },
      ],
      [
        'WAGE_GAIN',
        'Wage gain',
        'Change in quarterly earnings from before intake (EARN_PRE) to the second quarter after exit (EARN_Q2), per person.',
        'CHANGE',
        'USD per quarter',
        'NUMBER',
        { from: 'EARN_PRE', to: 'EARN_Q2', source: 'coalition-defined' },
      ],
    ];
    for (const [code, name, description, kind, unit, valueType, definition] of indicators) {
      await q.query(
        `INSERT INTO indicator_definition (code, version, name, description, kind, unit, value_type, definition, published_on) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, DATE '2026-01-01')`,
        [code, name, description, kind, unit, valueType, JSON.stringify(definition)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM indicator_definition WHERE version = 1 AND published_on = DATE '2026-01-01'`);
    await q.query(`DELETE FROM pathway_stage`);
  }
}
