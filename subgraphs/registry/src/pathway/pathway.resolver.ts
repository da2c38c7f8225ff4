import { Ctx, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { PathwayStage } from './pathway-stage.entity';

@Resolver((_of) => PathwayStage)
export class PathwayResolver {
  @Query((_returns) => [PathwayStage], { description: 'The pathway stages, in order.' })
  pathwayStages(@Ctx() context: RegistryContext): Promise<PathwayStage[]> {
    return context.services.pathways.stages();
  }
}
