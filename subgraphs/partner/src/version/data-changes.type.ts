import { Directive, Field, Int, ObjectType } from 'type-graphql';

@Directive('@inaccessible')
@ObjectType({ description: "How many of a partner's records changed since a data version: what revised a release approved at it." })
export class DataChanges {
  @Field((_type) => Int, {
    nullable: true,
    description:
      'Rows inserted, updated or deleted since the version, summed over committed statements (a row changed twice counts twice; capped at 2147483647). Null when unknown: a partner on views keeps no change log.',
  })
  records!: number | null;

  @Field((_type) => Boolean, { description: 'Whether a table was truncated since the version: its removed rows are not in `records`.' })
  truncated!: boolean;

  @Field((_type) => String, { description: 'The current data version, as `dataVersion` gives it.' })
  version!: string;
}
