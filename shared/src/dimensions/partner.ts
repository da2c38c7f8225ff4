import { defineDimension } from './dimension';

/** The partner holding the record: bound as a parameter, since a partner's database does not name itself. */
export const PARTNER = defineDimension({
  code: 'PARTNER',
  label: 'the partner holding the record',
  order: 10,
  backboneOnly: false,
  sql: (context) => context.partnerId(),
  of: (record) => record.partnerId,
});
