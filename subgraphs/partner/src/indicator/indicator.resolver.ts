import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { DimensionEnum } from '@coalition/shared/subgraph';
import { INDICATOR_KIND_CODES, listOf, type Dimension } from '@coalition/shared';
import { assertOwnPartner, type PartnerContext } from '../context';
import { IndicatorCells, IndicatorShare } from './indicator.type';

@Resolver()
export class IndicatorResolver {
  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => IndicatorCells, {
    description:
      "Raw additive cells of an indicator at one partner, before disclosure control. The gateway's `networkIndicator` merges them; internal to the gateway.",
  })
  indicatorCells(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('kind', (_type) => String, { description: `The definition kind: ${listOf(INDICATOR_KIND_CODES)}.` }) kind: string,
    @Arg('spec', (_type) => GraphQLJSONObject, { description: "The definition's computable rules, from the registry." }) spec: Record<string, unknown>,
    @Arg('period', (_type) => GraphQLJSONObject, { description: '{ kind: "dates", from, before } or { kind: "cohort", cohort }' }) period: Record<
      string,
      unknown
    >,
    @Arg('by', (_type) => [DimensionEnum], { defaultValue: [] }) by: Dimension[],
    @Arg('exclude', (_type) => [ID], { defaultValue: [], description: 'GSIDs that count at another partner.' }) exclude: string[],
    @Ctx() context: PartnerContext,
  ): Promise<IndicatorCells> {
    assertOwnPartner(context, partnerId);
    return context.services.indicators.cells(partnerId, { kind, spec, period }, by, exclude);
  }

  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => [IndicatorShare], {
    description:
      "An indicator at one partner for a question's periods, in one statement: per period, in order, raw cells of everyone but the shared people, and the record each shared person counts by here (ids, a date, dimension values, measures), so that the gateway counts them at one partner. Internal to the gateway.",
  })
  indicatorShare(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('kind', (_type) => String, { description: `The definition kind: ${listOf(INDICATOR_KIND_CODES)}.` }) kind: string,
    @Arg('spec', (_type) => GraphQLJSONObject, { description: "The definition's computable rules, from the registry." }) spec: Record<string, unknown>,
    @Arg('periods', (_type) => [GraphQLJSONObject], {
      description: 'One or two: the period, then the one it is compared to. Each { kind: "dates", from, before } or { kind: "cohort", cohort }.',
    })
    periods: Array<Record<string, unknown>>,
    @Arg('by', (_type) => [DimensionEnum]) by: Dimension[],
    @Arg('shared', (_type) => [ID], { description: "This partner's GSIDs of people linked at other partners too: answered as records, left out of the cells." })
    shared: string[],
    @Ctx() context: PartnerContext,
  ): Promise<IndicatorShare[]> {
    assertOwnPartner(context, partnerId);
    return context.services.indicators.share(partnerId, { kind, spec, periods }, by, shared);
  }

  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => GraphQLJSONObject, {
    description:
      'Every qualifying record of an indicator at one partner, column by column, for a gateway that does not push aggregation down. Off unless the partner sets INDICATOR_ROW_EXPORT=on (the pushdown benchmark); internal to the gateway.',
  })
  indicatorRows(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('kind', (_type) => String) kind: string,
    @Arg('spec', (_type) => GraphQLJSONObject) spec: Record<string, unknown>,
    @Arg('period', (_type) => GraphQLJSONObject) period: Record<string, unknown>,
    @Arg('by', (_type) => [DimensionEnum], { defaultValue: [] }) by: Dimension[],
    @Ctx() context: PartnerContext,
  ): Promise<Record<string, unknown>> {
    assertOwnPartner(context, partnerId);
    return context.services.indicators.rows(partnerId, { kind, spec, period }, by) as unknown as Promise<Record<string, unknown>>;
  }
}
