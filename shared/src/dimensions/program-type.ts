import { defineDimension } from './dimension';

export const PROGRAM_TYPE = defineDimension({
  code: 'PROGRAM_TYPE',
  label: 'the kind of program enrolled in',
  order: 70,
  backboneOnly: true,
  sql: () => 'p.program_type',
  of: (record) => record.programType,
});
