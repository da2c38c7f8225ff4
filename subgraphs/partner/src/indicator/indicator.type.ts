import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DimensionEnum } from '@coalition/shared/subgraph';
import type { Dimension, SharedRecordColumns } from '@coalition/shared';
import { DimensionValue } from '../network/aggregate.type';

@Directive('@inaccessible')
@ObjectType({ description: 'Additive measures of one cell of an indicator at one partner, before disclosure control.' })
export class IndicatorCellMeasures {
  @Field((_type) => String, { description: 'Canonical key of the dimension values; equal keys merge across partners.' })
  key!: string;

  @Field((_type) => [DimensionValue])
  values!: DimensionValue[];

  @Field((_type) => Int, { description: 'People (or records) in the population.' })
  people!: number;

  @Field((_type) => Int, { nullable: true, description: 'RATE: how many of them meet the numerator.' })
  numerator!: number | null;

  @Field((_type) => Float, { nullable: true, description: 'MEAN, MEDIAN, CHANGE: the sum of the values.' })
  sum!: number | null;

  @Field((_type) => [Float], { nullable: true, description: 'MEDIAN: every value, ascending, so medians stay exact after merging (no ids).' })
  sortedValues!: number[] | null;
}

@Directive('@inaccessible')
@ObjectType({ description: "One partner's additive cells of an indicator for a period." })
export class IndicatorCells {
  @Field((_type) => ID)
  partnerId!: string;

  @Field((_type) => [DimensionEnum])
  dimensions!: Dimension[];

  @Field((_type) => [IndicatorCellMeasures], { description: 'Non-empty cells.' })
  cells!: IndicatorCellMeasures[];
}

@Directive('@inaccessible')
@ObjectType({ description: 'One period of an indicator at one partner: cells of the people counted only here, and the records of the shared people.' })
export class IndicatorShare {
  @Field((_type) => [IndicatorCellMeasures], { description: "Non-empty cells (with no dimensions, the one total), over every record but the shared people's." })
  cells!: IndicatorCellMeasures[];

  @Field((_type) => GraphQLJSONObject, {
    description:
      'The record each shared GSID with a qualifying record here counts by, column by column: gsid, anchorOn (YYYY-MM-DD), values (dimension values in the order of by), hit (RATE), value (MEAN, MEDIAN, CHANGE). Ids, dates and dimension values, never a name.',
  })
  records!: SharedRecordColumns;
}
