import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StageEnum } from '@coalition/shared/subgraph';
import type { Stage } from '@coalition/shared';

@ObjectType({
  description: 'A pathway people are expected to go through, stage by stage, possibly across partners. Never changed in place: a change is a new version.',
})
@Entity({ name: 'pathway_definition' })
export class PathwayDefinition {
  @Field((_type) => String)
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Field((_type) => Int)
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Field((_type) => String)
  @Column({ type: 'text' })
  name!: string;

  @Field((_type) => String)
  @Column({ type: 'text' })
  description!: string;

  @Field((_type) => [StageEnum], {
    description: 'The stages in pathway order; a person reaches a stage by entering it on or after the day they reached the one before.',
  })
  @Column({ type: 'text', array: true })
  stages!: Stage[];

  @Field((_type) => GraphQLLocalDate)
  @Column({ type: 'date', name: 'published_on' })
  publishedOn!: string;
}
