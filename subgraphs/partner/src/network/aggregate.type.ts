import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DimensionEnum } from '@coalition/shared/subgraph';
import type { Dimension } from '@coalition/shared';

@ObjectType({ description: 'One dimension value of a cell.' })
export class DimensionValue {
  @Field((_type) => DimensionEnum)
  dimension!: Dimension;

  @Field((_type) => String)
  value!: string;
}

const PEOPLE_COUNT_ONLY =
  'Always null: participantCount counts people only (use count); rates, sums and medians are network indicators (Query.networkIndicator).';

@ObjectType({ description: 'A cell of an aggregate: the number of people with one combination of dimension values.' })
export class AggregateCell {
  @Field((_type) => String, { description: 'Canonical key of the dimension values, e.g. "PARTNER=a|SEX=FEMALE"; cells with equal keys merge across partners.' })
  key!: string;

  @Field((_type) => [DimensionValue])
  values!: DimensionValue[];

  @Field((_type) => Int)
  count!: number;

  // Kept, always null, so that clients which select them still validate: participantCount
  // counts people only, and rates, sums and medians are answered by the indicator fields.
  @Field((_type) => Float, { nullable: true, deprecationReason: PEOPLE_COUNT_ONLY })
  numerator!: number | null;

  @Field((_type) => Float, { nullable: true, deprecationReason: PEOPLE_COUNT_ONLY })
  denominator!: number | null;

  @Field((_type) => Float, { nullable: true, deprecationReason: PEOPLE_COUNT_ONLY })
  sum!: number | null;
}

@ObjectType({ description: 'Additive cells computed inside each partner database and summed across partners by cell key.' })
export class Aggregate {
  @Field((_type) => [DimensionEnum])
  dimensions!: Dimension[];

  @Field((_type) => [AggregateCell], { description: 'Non-empty cells, ordered by key within each partner.' })
  cells!: AggregateCell[];

  @Field((_type) => Int, { description: 'Sum of the cell counts.' })
  total!: number;

  @Field((_type) => [ID], { description: 'Partners whose data is in these cells.' })
  partners!: string[];
}
