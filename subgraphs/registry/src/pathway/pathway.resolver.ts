import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { PathwayStage } from './pathway-stage.entity';
import { PathwayDefinition } from './pathway-definition.entity';

@Resolver()
export class PathwayResolver {
  @Query((_returns) => [PathwayStage], { description: 'The pathway stages, in order.' })
  pathwayStages(@Ctx() context: RegistryContext): Promise<PathwayStage[]> {
    return context.services.pathways.stages();
  }

  @Query((_returns) => [PathwayDefinition], { description: 'The pathway definitions: the latest version of each, or every version of `code`.' })
  pathways(@Arg('code', (_type) => String, { nullable: true }) code: string | undefined, @Ctx() context: RegistryContext): Promise<PathwayDefinition[]> {
    return context.services.pathways.list(code ?? undefined);
  }

  @Query((_returns) => PathwayDefinition, { nullable: true, description: 'One pathway definition; the latest version unless `version` is given.' })
  pathway(
    @Arg('code', (_type) => String) code: string,
    @Arg('version', (_type) => Int, { nullable: true }) version: number | undefined,
    @Ctx() context: RegistryContext,
  ): Promise<PathwayDefinition> {
    return context.services.pathways.get(code, version ?? undefined);
  }
}
