import { defineDimension } from './dimension';

export const SEX = defineDimension({
  code: 'SEX',
  label: 'sex as self-reported at intake',
  order: 20,
  backboneOnly: false,
  sql: () => 'p.sex',
  of: (record) => record.sex,
});
