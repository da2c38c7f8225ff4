import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { ProgramTypeEnum, StageEnum } from '@coalition/shared/subgraph';
import type { ProgramType, Stage } from '@coalition/shared';

@InputType({ description: 'Narrows participants; every condition given must hold.' })
export class ParticipantFilter {
  @Field((_type) => [String], { nullable: true, description: 'Enrollment quarters, e.g. ["2025Q1", "2025Q2"].' })
  cohorts?: string[];

  @Field((_type) => [ProgramTypeEnum], { nullable: true })
  programTypes?: ProgramType[];

  @Field((_type) => StageEnum, { nullable: true, description: 'Only participants who entered this stage at this partner.' })
  reachedStage?: Stage;

  @Field((_type) => GraphQLLocalDate, { nullable: true, description: 'Enrolled on or after this date.' })
  enrolledFrom?: string;

  @Field((_type) => GraphQLLocalDate, { nullable: true, description: 'Enrolled on or before this date.' })
  enrolledTo?: string;
}
