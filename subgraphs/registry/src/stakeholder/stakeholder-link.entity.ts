import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '@coalition/shared/subgraph';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const LINK_METHODS = ['SEED_GROUND_TRUTH', 'NEW', 'DETERMINISTIC', 'PROBABILISTIC', 'MANUAL'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];
export const LinkMethodEnum = enumObject(LINK_METHODS);
registerEnumType(LinkMethodEnum, {
  name: 'LinkMethod',
  description:
    'How a partner record was linked to its GSID: SEED_GROUND_TRUTH (demo data), NEW (first record of a new GSID), DETERMINISTIC (a rule), PROBABILISTIC (a score), MANUAL (an analyst).',
});

@ObjectType({ description: "A link from a GSID to one partner's local record." })
@Entity({ name: 'stakeholder_link' })
export class StakeholderLink {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  gsid!: string;

  @Field((_type) => ID)
  @Column({ type: 'text', name: 'partner_id' })
  partnerId!: string;

  @Field((_type) => ID, { description: "The partner's own id of the record." })
  @Column({ type: 'text', name: 'local_id' })
  localId!: string;

  @Field((_type) => LinkMethodEnum)
  @Column({ type: 'text' })
  method!: LinkMethod;

  @Field((_type) => String, { nullable: true, description: 'DETERMINISTIC: the rule that linked.' })
  @Column({ type: 'text', nullable: true })
  rule!: string | null;

  @Field((_type) => Float, { nullable: true, description: 'The match score when the link was made by resolution.' })
  @Column({ type: 'real', nullable: true })
  score!: number | null;

  @Field((_type) => GraphQLDateTimeISO)
  @Column({ type: 'timestamptz', name: 'linked_at' })
  linkedAt!: Date;
}
