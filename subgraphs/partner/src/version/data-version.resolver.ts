import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { assertOwnPartner, type PartnerContext } from '../context';
import { DataChanges } from './data-changes.type';

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

  // Internal protocol, as dataVersion: how the backbone tells that a release's figures were revised since.
  @Directive('@inaccessible')
  @Query((_returns) => DataChanges, {
    description:
      "How many of this partner's records changed since a data version (a release's), from its change log. `version` must be one `dataVersion` gave (a non-negative whole number); a partner on views answers records null. Internal to the gateway.",
  })
  changesSince(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('version', (_type) => String) version: string,
    @Ctx() context: PartnerContext,
  ): Promise<DataChanges> {
    assertOwnPartner(context, partnerId);
    return context.services.dataVersion.changesSince(version);
  }
}
