import { Arg, Ctx, FieldResolver, Resolver } from 'type-graphql';
import { DimensionEnum } from '@coalition/shared/subgraph';
import type { Dimension } from '@coalition/shared';
import type { PartnerContext } from '../context';
import { ParticipantFilter } from '../participant/participant.input';
import { Aggregate } from './aggregate.type';
import { Network } from './network.type';

@Resolver((_of) => Network)
export class NetworkResolver {
  @FieldResolver((_type) => Aggregate, {
    nullable: true,
    description: 'Participants counted by the given dimensions, computed in each partner database and summed.',
  })
  participantCount(
    @Arg('by', (_type) => [DimensionEnum], { defaultValue: [], description: 'Up to 4 dimensions.' }) by: Dimension[],
    @Arg('filter', (_type) => ParticipantFilter, { nullable: true }) filter: ParticipantFilter | undefined,
    @Ctx() context: PartnerContext,
  ): Promise<Aggregate> {
    return context.services.aggregates.participantCount(context.partner.id, by, filter ?? undefined);
  }
}
