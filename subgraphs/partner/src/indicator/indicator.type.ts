import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DimensionEnum } from '@coalition/shared/subgraph';
import type { Dimension } from '@coalition/shared';
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

/**
 * The records shared people count by here in a period, column by column: one entry per person in
 * each column. A JSON object rather than a list of GraphQL objects: at 50,000 records a partner
 * holds thousands of shared people, and resolving each of their fields one by one cost more than
 * the SQL that found them (measured: 30 ms of a 45 ms answer, for 1,800 people).
 */
export interface SharedRecordColumns {
  gsid: string[];
  /** YYYY-MM-DD: the person counts at the partner whose record is the latest. */
  anchorOn: string[];
  /** Each record's dimension values, in the order of the question's `by` (canonical order). */
  values: string[][];
  /** RATE: whether the record meets the numerator; null otherwise. */
  hit: Array<boolean | null>;
  /** MEAN, MEDIAN, CHANGE: the record's value; null otherwise. */
  value: Array<number | null>;
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
