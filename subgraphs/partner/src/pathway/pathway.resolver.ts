import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { DimensionEnum, StageEnum } from '@coalition/shared/subgraph';
import type { Dimension, Stage } from '@coalition/shared';
import { assertOwnPartner, type PartnerContext } from '../context';

@Resolver()
export class PathwayResolver {
  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => GraphQLJSONObject, {
    description:
      "Per-GSID summaries of this partner's records, column by column: the stages each record entered (day numbers) and the values of the measures, with the requested dimension values. No local id, name or other field. What the gateway's pathway funnels and pre/post changes pair across partners; internal to the gateway.",
  })
  pathwaySummaries(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('stages', (_type) => [StageEnum], { defaultValue: [] }) stages: Stage[],
    @Arg('measures', (_type) => [GraphQLJSONObject], { defaultValue: [], description: '{ source: OUTCOME, code, period } or { source: SURVEY, code, wave }' })
    measures: Array<Record<string, unknown>>,
    @Arg('by', (_type) => [DimensionEnum], { defaultValue: [] }) by: Dimension[],
    @Ctx() context: PartnerContext,
  ): Promise<Record<string, unknown>> {
    assertOwnPartner(context, partnerId);
    return context.services.pathways.summaries(partnerId, stages, measures, by) as unknown as Promise<Record<string, unknown>>;
  }
}
