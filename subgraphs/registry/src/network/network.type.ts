import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'The whole coalition. Network-wide figures are answered by every active partner and merged.' })
export class Network {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String, { description: 'Version of the shared contract the coalition speaks.' })
  contractVersion!: string;
}
