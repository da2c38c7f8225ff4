import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OutcomePeriodEnum, WaveEnum } from '@coalition/shared/subgraph';
import type { OutcomePeriod, Wave } from '@coalition/shared';

// numeric comes back from pg as a string; precision matters more than convenience in storage.
const numericToNumber = { to: (value: number | null) => value, from: (value: string | null) => (value == null ? null : Number(value)) };

@ObjectType({ description: 'One outcome value for a participant, under a versioned indicator definition.' })
@Entity({ name: 'outcome' })
export class Outcome {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', name: 'participant_local_id' })
  participantLocalId!: string;

  @Field((_type) => String, { description: 'Indicator code in the registry catalogue, e.g. EMP_Q2.' })
  @Column({ type: 'text', name: 'indicator_code' })
  indicatorCode!: string;

  @Field((_type) => Int, { description: 'Version of the indicator definition the value was recorded under.' })
  @Column({ type: 'integer', name: 'indicator_version' })
  indicatorVersion!: number;

  @Field((_type) => Float, { nullable: true, description: 'The value, for numeric indicators (earnings, scores).' })
  @Column({ type: 'numeric', name: 'value_number', nullable: true, transformer: numericToNumber })
  valueNumber!: number | null;

  @Field((_type) => Boolean, { nullable: true, description: 'The value, for yes/no indicators (employed, credential attained).' })
  @Column({ type: 'boolean', name: 'value_boolean', nullable: true })
  valueBoolean!: boolean | null;

  @Field((_type) => OutcomePeriodEnum)
  @Column({ type: 'text' })
  period!: OutcomePeriod;

  @Field((_type) => WaveEnum)
  @Column({ type: 'text' })
  wave!: Wave;

  @Field((_type) => GraphQLLocalDate, { nullable: true })
  @Column({ type: 'date', name: 'observed_on', nullable: true })
  observedOn!: string | null;
}
