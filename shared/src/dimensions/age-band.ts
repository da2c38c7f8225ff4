import { AGE_BAND_LIMITS, ageBandOf } from '../contract';
import { defineDimension } from './dimension';

const AGE = '(extract(year FROM p.enrolled_on)::int - p.birth_year)';

/** WIOA reporting bands of the age a person turns in the year they enrolled. */
export const AGE_BAND = defineDimension({
  code: 'AGE_BAND',
  label: 'age band at enrollment',
  order: 40,
  backboneOnly: false,
  sql: () => {
    const bands = AGE_BAND_LIMITS.map(([limit, band]) => `WHEN ${AGE} <= ${limit} THEN '${band}'`).join(' ');
    return `CASE WHEN p.birth_year IS NULL THEN 'UNKNOWN' ${bands} ELSE 'AGE_60_PLUS' END`;
  },
  of: (record) => ageBandOf(record.birthYear, record.enrolledOn),
});
