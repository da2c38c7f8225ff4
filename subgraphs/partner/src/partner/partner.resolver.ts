import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Resolver } from 'type-graphql';
import { DataQuality } from '../quality/quality.type';
import type { PartnerContext } from '../context';
import { ParticipantConnection } from '../participant/participant-connection.type';
import { ParticipantFilter } from '../participant/participant.input';
import { Partner } from './partner.type';

@Resolver((_of) => Partner)
export class PartnerResolver {
  @FieldResolver((_type) => ParticipantConnection, { nullable: true, description: "A page of this partner's participants." })
  participants(
    @Arg('first', (_type) => Int, { defaultValue: 50, description: 'Page size, 1 to 500.' }) first: number,
    @Arg('after', (_type) => String, { nullable: true }) after: string | undefined,
    @Arg('filter', (_type) => ParticipantFilter, { nullable: true }) filter: ParticipantFilter | undefined,
    @Ctx() context: PartnerContext,
  ): Promise<ParticipantConnection> {
    return context.services.participants.page(first, after ?? undefined, filter ?? undefined);
  }

  @FieldResolver((_type) => DataQuality, {
    nullable: true,
    description:
      "This partner's data health for participants enrolled from `from` to `to`: completeness, timeliness, validity, duplicates, outliers, reporting status. Counts only.",
  })
  dataQuality(
    @Arg('from', (_type) => GraphQLLocalDate) from: string,
    @Arg('to', (_type) => GraphQLLocalDate) to: string,
    @Arg('dueDays', (_type) => Int, { defaultValue: 30, description: 'Data for the period is due this many days after it ends.' }) dueDays: number,
    @Arg('asOf', (_type) => GraphQLLocalDate, { nullable: true, description: 'The day to judge lateness on (default today).' }) asOf: string | undefined,
    @Ctx() context: PartnerContext,
  ): Promise<DataQuality> {
    return context.services.quality.measure({ from, to, dueDays, asOf: asOf ?? new Date().toISOString().slice(0, 10) });
  }
}
