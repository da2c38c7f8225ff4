import { cohortOf } from '../contract';
import { defineDimension } from './dimension';

/** Open-ended (a new value every quarter): the backbone's only. */
export const COHORT = defineDimension({
  code: 'COHORT',
  label: 'enrollment quarter, e.g. 2025Q3',
  order: 60,
  backboneOnly: true,
  sql: () => 'p.cohort',
  of: (record) => cohortOf(record.enrolledOn),
});
