import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Codebook } from './codebook.entity';

@Resolver((_of) => Codebook)
export class CodebookResolver {
  @Query((_returns) => [Codebook], { description: 'Codebooks for free-text answers: the latest version of each, or every version of `code`.' })
  codebooks(@Arg('code', (_type) => String, { nullable: true }) code: string | undefined, @Ctx() context: RegistryContext): Promise<Codebook[]> {
    return context.services.codebooks.list(code ?? undefined);
  }

  @Query((_returns) => Codebook, { nullable: true, description: 'One codebook version; the latest unless `version` is given.' })
  codebook(
    @Arg('code', (_type) => String) code: string,
    @Arg('version', (_type) => Int, { nullable: true }) version: number | undefined,
    @Ctx() context: RegistryContext,
  ): Promise<Codebook> {
    return context.services.codebooks.get(code, version ?? undefined);
  }

  @Mutation((_returns) => Codebook, {
    description:
      'Publishes the next version of a codebook (docs/THEMES.md). Refused, naming the field, when it does not compile (a rule names its theme and rule) or is not the next version. Partners code with it once it is installed (installCodebook).',
  })
  publishCodebook(@Arg('codebook', (_type) => GraphQLJSONObject) codebook: Record<string, unknown>, @Ctx() context: RegistryContext): Promise<Codebook> {
    return context.services.codebooks.publish(codebook, context.caller?.subject ?? 'unknown', new Date().toISOString().slice(0, 10));
  }
}
