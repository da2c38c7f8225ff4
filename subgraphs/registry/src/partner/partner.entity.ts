import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProgramTypeEnum, enumObject } from '@coalition/shared/subgraph';
import type { ProgramType } from '@coalition/shared';

export const PARTNER_STATUSES = ['ACTIVE', 'ONBOARDING', 'INACTIVE', 'SUSPENDED', 'RETIRED'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export const PartnerStatusEnum = enumObject(PARTNER_STATUSES);
registerEnumType(PartnerStatusEnum, {
  name: 'PartnerStatus',
  description:
    'Only ACTIVE partners are asked network-wide questions and may resolve identities. SUSPENDED: out of scope, its data and links kept, reactivated by an admin. RETIRED: out of scope for good, its keys no longer accepted.',
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A partner organization of the coalition.' })
@Entity({ name: 'partner' })
export class Partner {
  @Field((_type) => ID)
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Field((_type) => String)
  @Column({ type: 'text' })
  name!: string;

  @Field((_type) => ProgramTypeEnum, { description: 'The kind of program this partner runs.' })
  @Column({ type: 'text', name: 'program_type' })
  programType!: ProgramType;

  @Field((_type) => String, { nullable: true, description: "URL of the partner's subgraph; null while onboarding." })
  @Column({ type: 'text', nullable: true })
  endpoint!: string | null;

  @Field((_type) => PartnerStatusEnum)
  @Column({ type: 'text' })
  status!: PartnerStatus;
}
