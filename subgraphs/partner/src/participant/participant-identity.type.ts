import { Field, ObjectType } from 'type-graphql';

/**
 * The personal fields a partner holds about a participant. Served only to this partner's own
 * staff (the gateway and this subgraph both check); never to the backbone, funders or other
 * partners, and never sent to the registry.
 */
@ObjectType({ description: "Personal fields of a participant: only this partner's own staff may read them." })
export class ParticipantIdentity {
  @Field((_type) => String, { nullable: true })
  firstName!: string | null;

  @Field((_type) => String, { nullable: true })
  lastName!: string | null;

  @Field((_type) => String, { nullable: true, description: 'YYYY-MM-DD' })
  birthDate!: string | null;

  @Field((_type) => String, { nullable: true })
  phone!: string | null;

  @Field((_type) => String, { nullable: true })
  email!: string | null;
}
