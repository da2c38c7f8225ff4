import { raceGroupOf, type RaceEthnicityCode } from '../contract';
import { defineDimension } from './dimension';

/**
 * One group per person, so cells add up: the one code selected, MULTIRACIAL for two or more
 * different codes, NOT_REPORTED for none. A code selected twice is still one code: `<@` against
 * the first element says every element equals it (cheaper than counting distinct elements).
 */
export const RACE_GROUP = defineDimension({
  code: 'RACE_GROUP',
  label: 'race/ethnicity group (multiracial for two or more)',
  order: 30,
  backboneOnly: false,
  sql: () =>
    [
      `CASE WHEN coalesce(cardinality(p.race_ethnicity), 0) = 0 THEN 'NOT_REPORTED'`,
      `WHEN p.race_ethnicity <@ p.race_ethnicity[1:1] THEN p.race_ethnicity[1] ELSE 'MULTIRACIAL' END`,
    ].join(' '),
  of: (record) => raceGroupOf((record.raceEthnicity ?? []) as readonly RaceEthnicityCode[]),
});
