import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "How far a codebook version's coding has come at one partner: counts only, never an answer." })
export class ThemeCodingStatus {
  @Field((_type) => String) codebook!: string;
  @Field((_type) => Int) version!: number;
  @Field((_type) => String, { description: 'The coder every coding of this version here is made by: the rule coder, or the partner’s own.' })
  coderId!: string;
  @Field((_type) => Int, { description: "Free-text answers to the codebook's questions." }) answers!: number;
  @Field((_type) => Int) coded!: number;
  @Field((_type) => Int, { description: 'Answers the coder refused, each with a reason (empty, too long, binary, not English).' }) refused!: number;
  @Field((_type) => Int, { description: 'Not coded yet, coded by another coder, or edited since they were coded. Figures of this version wait until it is 0.' })
  pending!: number;
  @Field((_type) => Boolean, { description: 'A background run is coding now.' }) running!: boolean;
  @Field((_type) => String, { nullable: true, description: 'Why the last run stopped, when it failed; it resumes at the next run.' })
  lastError!: string | null;
}

@ObjectType({ description: 'One theme an answer was given, and the rule that gave it.' })
export class CodedTheme {
  @Field((_type) => String) theme!: string;
  @Field((_type) => String, { description: "The codebook rule that fired, or what the partner's own coder says about it." }) rule!: string;
}

@ObjectType({ description: "An answer and its coding, for the partner's own staff to check why it got its themes. Never leaves the partner." })
export class AnswerCoding {
  @Field((_type) => ID) answerId!: string;
  @Field((_type) => ID) localId!: string;
  @Field((_type) => String) questionCode!: string;
  @Field((_type) => String) wave!: string;
  @Field((_type) => GraphQLLocalDate, { nullable: true }) answeredOn!: string | null;
  @Field((_type) => String, { description: 'The answer as the participant gave it.' }) answerText!: string;
  @Field((_type) => String) codebook!: string;
  @Field((_type) => Int) version!: number;
  @Field((_type) => String) coderId!: string;
  @Field((_type) => String, { description: 'CODED or REFUSED.' }) status!: string;
  @Field((_type) => [CodedTheme]) themes!: CodedTheme[];
  @Field((_type) => String, { nullable: true, description: 'EMPTY, TOO_LONG, BINARY or NOT_ENGLISH when refused.' }) reason!: string | null;
  @Field((_type) => Float, { nullable: true, description: 'Sentiment, -1 to 1 (wink-nlp lexicon scorer).' }) sentiment!: number | null;
  @Field((_type) => GraphQLDateTimeISO) codedAt!: Date;
}

@ObjectType()
export class AnswerCodingPage {
  @Field((_type) => [AnswerCoding]) codings!: AnswerCoding[];
  @Field((_type) => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last.' }) next!: string | null;
}

@Directive('@inaccessible')
@ObjectType({ description: 'A phrase and how many people at one partner used it (internal to the gateway).' })
export class PhraseCount {
  @Field((_type) => String) phrase!: string;
  @Field((_type) => Int) people!: number;
}
