import type { MigrationInterface, QueryRunner } from 'typeorm';

const ALL_DIMENSIONS = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY', 'COHORT', 'PROGRAM_TYPE'];
const ALL_PERIODS = ['PROGRAM_YEAR', 'QUARTER', 'COHORT', 'DATE_RANGE'];
const exited = { exited: true };
const outcome = (indicator: string, period: string, equals?: boolean) => ({
  outcome: equals === undefined ? { indicator, period } : { indicator, period, equals },
});

/**
 * Version 2 of the demo catalogue: the same meaning as version 1, now with the declarative rules
 * the indicator engine computes (docs/INDICATORS.md). Version 1 rows stay as published.
 * WAGE_GAIN keeps version 1 only: it pairs values a person's different partners recorded, which
 * the pathway work brings. EXITERS is new: people who left a program.
 */
export class ComputableIndicators1732000000004 implements MigrationInterface {
  name = 'ComputableIndicators1732000000004';

  async up(q: QueryRunner): Promise<void> {
    const common = { count: 'PEOPLE', anchor: 'EXIT', dimensions: ALL_DIMENSIONS, periods: ALL_PERIODS };
    const rows: Array<[string, number, string, string, string, string, string, object]> = [
      [
        'EMP_Q2',
        2,
        'Employment rate, 2nd quarter after exit',
        'Share of people who left a program in the period and were in unsubsidized employment during the second quarter after the quarter of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        {
          ...common,
          population: [exited, outcome('EMP_Q2', 'Q2_AFTER_EXIT')],
          numerator: [outcome('EMP_Q2', 'Q2_AFTER_EXIT', true)],
          source: 'WIOA primary indicator (TEGL 10-16)',
        },
      ],
      [
        'EMP_Q4',
        2,
        'Employment rate, 4th quarter after exit',
        'Share of people who left a program in the period and were in unsubsidized employment during the fourth quarter after the quarter of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        {
          ...common,
          population: [exited, outcome('EMP_Q4', 'Q4_AFTER_EXIT')],
          numerator: [outcome('EMP_Q4', 'Q4_AFTER_EXIT', true)],
          source: 'WIOA primary indicator (TEGL 10-16)',
        },
      ],
      [
        'EARN_Q2',
        2,
        'Median earnings, 2nd quarter after exit',
        'Median quarterly earnings, in the second quarter after exit, of people who left a program in the period and were employed then.',
        'MEDIAN',
        'USD per quarter',
        'NUMBER',
        { ...common, population: [exited], value: { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' }, source: 'WIOA primary indicator (TEGL 10-16)' },
      ],
      [
        'CRED_1Y',
        2,
        'Credential attainment within one year of exit',
        'Share of people who left a training program in the period and earned a recognized credential during it or within one year of exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        {
          ...common,
          population: [exited, { programType: ['TRAINING'] }, outcome('CRED_1Y', 'WITHIN_1Y_OF_EXIT')],
          numerator: [outcome('CRED_1Y', 'WITHIN_1Y_OF_EXIT', true)],
          source: 'WIOA primary indicator (TEGL 10-16)',
        },
      ],
      [
        'MSG',
        2,
        'Measurable skill gains',
        'Share of people who left a training program in the period with a documented skill gain before exit.',
        'RATE',
        'percent',
        'BOOLEAN',
        {
          ...common,
          population: [exited, { programType: ['TRAINING'] }, outcome('MSG', 'DURING_PROGRAM')],
          numerator: [outcome('MSG', 'DURING_PROGRAM', true)],
          source: 'WIOA primary indicator (TEGL 10-16)',
        },
      ],
      [
        'COMPLETION',
        2,
        'Program completion',
        'Share of people who left a program in the period having completed it.',
        'RATE',
        'percent',
        'BOOLEAN',
        { ...common, population: [exited, outcome('COMPLETION', 'AT_EXIT')], numerator: [outcome('COMPLETION', 'AT_EXIT', true)], source: 'coalition-defined' },
      ],
      [
        'EARN_PRE',
        2,
        'Earnings before intake',
        'Mean quarterly earnings in the quarter before intake, of people who enrolled in the period.',
        'MEAN',
        'USD per quarter',
        'NUMBER',
        { ...common, anchor: 'ENROLLMENT', population: [], value: { indicator: 'EARN_PRE', period: 'BEFORE_INTAKE' }, source: 'coalition-defined' },
      ],
      [
        'EXITERS',
        1,
        'People who left a program',
        'Number of people who left a partner program in the period; a person who left programs at two partners counts once.',
        'COUNT',
        'people',
        'NUMBER',
        { ...common, population: [exited], source: 'coalition-defined' },
      ],
    ];
    for (const [code, version, name, description, kind, unit, valueType, definition] of rows) {
      await q.query(
        `INSERT INTO indicator_definition (code, version, name, description, kind, unit, value_type, definition, published_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, DATE '2026-11-23')`,
        [code, version, name, description, kind, unit, valueType, JSON.stringify(definition)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM indicator_definition WHERE published_on = DATE '2026-11-23' AND ((version = 2 AND code <> 'EXITERS') OR (code = 'EXITERS' AND version = 1))`,
    );
  }
}
