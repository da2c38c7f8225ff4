import { Field, ObjectType } from 'type-graphql';
import { Participant } from './participant.entity';

@ObjectType()
export class PageInfo {
  @Field((_type) => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;

  @Field((_type) => Boolean)
  hasNextPage!: boolean;
}

@ObjectType({ description: "A page of one partner's participants, ordered by local id." })
export class ParticipantConnection {
  @Field((_type) => [Participant])
  nodes!: Participant[];

  @Field((_type) => PageInfo)
  pageInfo!: PageInfo;
}
