import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { WaveEnum } from '@coalition/shared/subgraph';
import type { Wave } from '@coalition/shared';

@InputType({ description: 'One survey answer of a participant: exactly one of answerText, answerNumber and answerBoolean.' })
export class SurveyAnswerInput {
  @Field((_type) => ID) localId!: string;
  @Field((_type) => String, { description: 'The question code, upper case (BARRIERS_HELPS for the demo codebook’s open question).' }) questionCode!: string;
  @Field((_type) => WaveEnum) wave!: Wave;
  @Field((_type) => GraphQLLocalDate, { nullable: true }) answeredOn?: string | null;
  @Field((_type) => String, {
    nullable: true,
    description: 'A free-text answer, at most 10,000 characters. It stays at this partner; only theme counts leave.',
  })
  answerText?: string | null;
  @Field((_type) => Float, { nullable: true }) answerNumber?: number | null;
  @Field((_type) => Boolean, { nullable: true }) answerBoolean?: boolean | null;
}

@ObjectType({ description: 'A survey answer as stored: recording the same participant, question and wave again replaces it.' })
export class SurveyAnswerResult {
  @Field((_type) => ID) localId!: string;
  @Field((_type) => String) questionCode!: string;
  @Field((_type) => WaveEnum) wave!: Wave;
  @Field((_type) => Boolean, { description: 'False when the participant already had this very answer.' }) changed!: boolean;
}
