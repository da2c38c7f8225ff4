import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PartnerContext } from '../context';
import { Participant } from '../participant/participant.entity';
import { Stakeholder } from './stakeholder.type';

@Resolver((_of) => Stakeholder)
export class StakeholderResolver {
  @Directive('@requires(fields: "links { partnerId localId }")')
  @FieldResolver((_type) => [Participant], {
    nullable: true,
    description:
      "The person's participant records at every partner in scope, as the registry links them. Partners that did not answer are named in the response errors.",
  })
  async records(@Root() stakeholder: Stakeholder, @Ctx() context: PartnerContext): Promise<Participant[]> {
    // Called without the registry's links (directly, not through the gateway): the stored GSID.
    if (!stakeholder.links) return context.loaders.participantsByGsid.load(stakeholder.gsid);
    const own = stakeholder.links.filter((link) => link.partnerId === context.partner.id).map((link) => link.localId);
    // load, not loadMany: loadMany resolves failed keys to Error values, and dropping those
    // would turn a database this partner cannot read into "this person has no records here".
    const found = await Promise.all(own.map((localId) => context.loaders.participantByLocalId.load(localId)));
    return found
      .filter((p): p is Participant => p !== null)
      .sort((a, b) => (a.enrolledOn < b.enrolledOn ? -1 : a.enrolledOn > b.enrolledOn ? 1 : a.localId.localeCompare(b.localId)));
  }
}
