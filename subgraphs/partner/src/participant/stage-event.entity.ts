import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { StageEnum } from '@coalition/shared/subgraph';
import type { Stage } from '@coalition/shared';

@ObjectType({ description: 'A participant entering (and possibly leaving) a pathway stage at this partner.' })
@Entity({ name: 'stage_event' })
export class StageEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', name: 'participant_local_id' })
  participantLocalId!: string;

  @Field((_type) => StageEnum)
  @Column({ type: 'text' })
  stage!: Stage;

  @Field((_type) => GraphQLLocalDate)
  @Column({ type: 'date', name: 'entered_on' })
  enteredOn!: string;

  @Field((_type) => GraphQLLocalDate, { nullable: true })
  @Column({ type: 'date', name: 'exited_on', nullable: true })
  exitedOn!: string | null;
}
