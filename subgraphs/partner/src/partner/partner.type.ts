import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A partner organization; the registry holds its profile, the partner its records.' })
export class Partner {
  @Field((_type) => ID)
  id!: string;
}
