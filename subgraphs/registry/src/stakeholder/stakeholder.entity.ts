import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Directive('@key(fields: "gsid")')
@ObjectType({ description: 'A person across the coalition, under their global stakeholder ID. The registry holds ids and links only, never personal data.' })
@Entity({ name: 'stakeholder' })
export class Stakeholder {
  @Field((_type) => ID)
  @PrimaryColumn({ type: 'text' })
  gsid!: string;

  @Column({ type: 'text', name: 'merged_into', nullable: true })
  mergedInto!: string | null;

  @Field((_type) => GraphQLDateTimeISO)
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
