import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, ObjectType } from 'type-graphql';

// The partner-to-registry resolution API is not part of the public graph: @inaccessible keeps
// it out of the gateway's API schema; partners call the registry directly.

@Directive('@inaccessible')
@InputType({ description: "One partner record's linkage encoding (keyed tokens and Bloom filters from @coalition/shared/linkage)." })
export class LinkageRecordInput {
  @Field((_type) => ID)
  localId!: string;

  @Field((_type) => GraphQLJSONObject)
  encoding!: Record<string, unknown>;
}

@Directive('@inaccessible')
@ObjectType()
export class LinkageResult {
  @Field((_type) => ID)
  localId!: string;

  @Field((_type) => ID)
  gsid!: string;

  @Field({ description: 'NEW, AUTO_LINK, POSSIBLE_MATCH (a new GSID, queued for review) or EXISTING (already linked: unchanged).' })
  decision!: string;

  @Field((_type) => String, { nullable: true })
  rule!: string | null;

  @Field((_type) => Float, { nullable: true })
  score!: number | null;

  @Field((_type) => ID, { nullable: true })
  candidateGsid!: string | null;
}

@Directive('@inaccessible')
@InputType({ description: 'A record whose link a partner withdraws: its local id and the GSID resolution gave it.' })
export class LinkageWithdrawalInput {
  @Field((_type) => ID)
  localId!: string;

  @Field((_type) => ID)
  gsid!: string;
}

@Directive('@inaccessible')
@ObjectType()
export class LinkageWithdrawal {
  @Field((_type) => ID)
  localId!: string;

  @Field({
    description:
      'WITHDRAWN (link, its automatic decision and a GSID made only for it are gone), ABSENT (nothing linked: already withdrawn, or never resolved) or KEPT (see reason).',
  })
  status!: string;

  @Field((_type) => String, { nullable: true, description: 'Why a link was kept.' })
  reason!: string | null;
}

@Directive('@inaccessible')
@ObjectType()
export class IdentityRevocation {
  @Field((_type) => ID)
  localId!: string;

  @Field({
    description:
      'SPLIT (taken off its GSID onto one of its own, audited with reason "consent revoked", and never linked again), ALONE (no other record shared its GSID: nothing to take it from) or ABSENT (not linked).',
  })
  status!: string;
}
