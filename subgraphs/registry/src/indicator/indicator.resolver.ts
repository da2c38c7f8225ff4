import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { IndicatorDefinition } from './indicator-definition.entity';

@Resolver((_of) => IndicatorDefinition)
export class IndicatorResolver {
  @Query((_returns) => [IndicatorDefinition], { description: 'The catalogue: the latest version of every indicator, or every version of `code`.' })
  indicators(@Arg('code', (_type) => String, { nullable: true }) code: string | undefined, @Ctx() context: RegistryContext): Promise<IndicatorDefinition[]> {
    return context.services.indicators.list(code ?? undefined);
  }

  @Query((_returns) => IndicatorDefinition, { nullable: true, description: 'One indicator definition; the latest version unless `version` is given.' })
  indicator(
    @Arg('code', (_type) => String) code: string,
    @Arg('version', (_type) => Int, { nullable: true }) version: number | undefined,
    @Ctx() context: RegistryContext,
  ): Promise<IndicatorDefinition> {
    return context.services.indicators.get(code, version ?? undefined);
  }
}
