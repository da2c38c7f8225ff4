import { defineDimension } from './dimension';

/** Fine-grained (hundreds of values): the backbone's only. */
export const COUNTY = defineDimension({
  code: 'COUNTY',
  label: 'county of residence (FIPS), UNKNOWN when missing',
  order: 50,
  backboneOnly: true,
  sql: () => `coalesce(p.county_fips, 'UNKNOWN')`,
  of: (record) => record.countyFips ?? 'UNKNOWN',
});
