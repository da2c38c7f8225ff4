import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "gsid")')
@ObjectType({ description: 'A person across the coalition, under their global stakeholder ID.' })
export class Stakeholder {
  @Field((_type) => ID)
  gsid!: string;
}
