import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { assertOwnPartner, type PartnerContext } from '../context';
import { AnswerCodingPage, PhraseCount, ThemeCodingStatus } from './coding.type';
import { SurveyAnswerInput, SurveyAnswerResult } from './survey-answer.input';

@Resolver()
export class ThemeCodingResolver {
  // Internal protocol: the gateway hands every partner a codebook version from the registry.
  @Directive('@inaccessible')
  @Mutation((_returns) => ThemeCodingStatus, {
    description: 'Stores a codebook version here and codes the answers to its questions in the background. Internal to the gateway (its installCodebook).',
  })
  storeCodebook(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('codebook', (_type) => GraphQLJSONObject) codebook: Record<string, unknown>,
    @Ctx() context: PartnerContext,
  ): Promise<ThemeCodingStatus> {
    assertOwnPartner(context, partnerId);
    return context.services.themes.install(codebook);
  }

  @Query((_returns) => ThemeCodingStatus, { description: "How far a codebook version's coding has come at this partner (counts only)." })
  themeCoding(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('codebook', (_type) => String) codebook: string,
    @Arg('version', (_type) => Int) version: number,
    @Ctx() context: PartnerContext,
  ): Promise<ThemeCodingStatus> {
    assertOwnPartner(context, partnerId);
    return context.services.themes.status(codebook, version);
  }

  @Query((_returns) => AnswerCodingPage, {
    description:
      "This partner's answers with their codings under a codebook version: why an answer got its themes (the rule that fired). For the partner's own staff only; text never leaves the partner.",
  })
  answerCodings(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('codebook', (_type) => String) codebook: string,
    @Arg('version', (_type) => Int) version: number,
    @Arg('localId', (_type) => ID, { nullable: true }) localId: string | null,
    @Arg('theme', (_type) => String, { nullable: true, description: 'Only answers given this theme.' }) theme: string | null,
    @Arg('first', (_type) => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', (_type) => String, { nullable: true }) after: string | null,
    @Ctx() context: PartnerContext,
  ): Promise<AnswerCodingPage> {
    assertOwnPartner(context, partnerId);
    return context.services.themes.codings({ codebook, version, localId, theme, first, after });
  }

  // Internal protocol: the gateway's emergingPhrases sums these across partners.
  @Directive('@inaccessible')
  @Query((_returns) => [PhraseCount], {
    description:
      "Phrases the codebook does not cover in a period's coded answers, each with the people here who used it (at least minPeople, never fewer than 2), scrubbed of names, numbers, e-mails and addresses. Internal to the gateway.",
  })
  themePhrases(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('answer', (_type) => GraphQLJSONObject, { description: '{ codebook, version, wave }' }) answer: Record<string, unknown>,
    @Arg('period', (_type) => GraphQLJSONObject) period: Record<string, unknown>,
    @Arg('minPeople', (_type) => Int) minPeople: number,
    @Ctx() context: PartnerContext,
  ): Promise<PhraseCount[]> {
    assertOwnPartner(context, partnerId);
    return context.services.themes.phrases(answer, period, minPeople);
  }

  @Mutation((_returns) => SurveyAnswerResult, {
    description:
      "Records a participant's survey answer at this partner (staff entering a form). A free-text answer stays here: it is coded under the installed codebooks in the background, and only theme counts leave.",
  })
  async recordSurveyAnswer(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('input', (_type) => SurveyAnswerInput) input: SurveyAnswerInput,
    @Ctx() context: PartnerContext,
  ): Promise<SurveyAnswerResult> {
    assertOwnPartner(context, partnerId);
    const { changed } = await context.services.themes.recordAnswer(input);
    return { localId: input.localId, questionCode: input.questionCode, wave: input.wave, changed };
  }
}
