import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'The whole coalition. Its fields are answered by every partner in scope and merged.' })
export class Network {
  @Field((_type) => ID)
  id!: string;
}
