import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's link of a GSID to one partner record; here only what the records field needs. */
@Directive('@external')
@ObjectType()
export class StakeholderLink {
  @Field((_type) => ID)
  partnerId!: string;

  @Field((_type) => ID)
  localId!: string;
}

@Directive('@key(fields: "gsid")')
@ObjectType({ description: 'A person across the coalition, under their global stakeholder ID.' })
export class Stakeholder {
  @Field((_type) => ID)
  gsid!: string;

  /**
   * From the registry (the gateway filters it to this partner's own links). The registry is
   * the truth of who is who: after a merge or a split the partner's stored GSID may be stale,
   * the links are not.
   */
  @Directive('@external')
  @Field((_type) => [StakeholderLink])
  links?: StakeholderLink[] | null;
}
