import { GraphQLJSONObject, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { IndicatorKindCode } from '@coalition/shared';
import { IndicatorKindEnum, enumObject } from '@coalition/shared/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

// The kinds come from the kind modules (@coalition/shared, kinds/): the registry keeps no list of its own.
registerEnumType(IndicatorKindEnum, { name: 'IndicatorKind' });

export const VALUE_TYPES = ['BOOLEAN', 'NUMBER'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export const ValueTypeEnum = enumObject(VALUE_TYPES);
registerEnumType(ValueTypeEnum, { name: 'IndicatorValueType', description: 'Whether outcome records of the indicator carry valueBoolean or valueNumber.' });

@ObjectType({ description: 'One version of an indicator definition. Definitions never change in place: a change is a new version.' })
@Entity({ name: 'indicator_definition' })
export class IndicatorDefinition {
  @Field((_type) => String)
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Field((_type) => Int)
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Field((_type) => String)
  @Column({ type: 'text' })
  name!: string;

  @Field((_type) => String, { description: 'Plain-language definition.' })
  @Column({ type: 'text' })
  description!: string;

  @Field((_type) => IndicatorKindEnum)
  @Column({ type: 'text' })
  kind!: IndicatorKindCode;

  @Field((_type) => String)
  @Column({ type: 'text' })
  unit!: string;

  @Field((_type) => ValueTypeEnum)
  @Column({ type: 'text', name: 'value_type' })
  valueType!: ValueType;

  @Field((_type) => GraphQLJSONObject, { description: 'Declarative rules of the definition (period, source, components).' })
  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Field((_type) => GraphQLLocalDate)
  @Column({ type: 'date', name: 'published_on' })
  publishedOn!: string;
}
