import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { assertOwnPartner, type PartnerContext } from '../context';

@Resolver()
export class DataVersionResolver {
  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => String, {
    description:
      "Moves with every committed change to this partner's participants, stage events, outcomes and survey answers: while it stands still, so do its answers. Compare for equality only. Internal to the gateway.",
  })
  dataVersion(@Arg('partnerId', (_type) => ID) partnerId: string, @Ctx() context: PartnerContext): Promise<string> {
    assertOwnPartner(context, partnerId);
    return context.services.dataVersion.current();
  }
}
