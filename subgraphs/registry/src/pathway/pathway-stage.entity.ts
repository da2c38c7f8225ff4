import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StageEnum } from '@coalition/shared/subgraph';
import type { Stage } from '@coalition/shared';

@ObjectType({ description: 'A stage of the coalition pathway (intake -> training -> ... -> retention).' })
@Entity({ name: 'pathway_stage' })
export class PathwayStage {
  @Field((_type) => StageEnum)
  @PrimaryColumn({ type: 'text' })
  code!: Stage;

  @Field((_type) => Int, { description: 'Order in the pathway, from 1.' })
  @Column({ type: 'integer' })
  position!: number;

  @Field((_type) => String)
  @Column({ type: 'text' })
  name!: string;

  @Field((_type) => String)
  @Column({ type: 'text' })
  description!: string;
}
