import { partnerScope } from '@coalition/shared/auth';
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Stakeholder } from './stakeholder.entity';
import { StakeholderLink } from './stakeholder-link.entity';
import { LinkDecision } from '../linkage/link-decision.entity';
import { SharedPeople } from './shared-people';
import { StakeholderReach } from './reach';

@Resolver((_of) => Stakeholder)
export class StakeholderResolver {
  @Query((_returns) => Stakeholder, { nullable: true, description: 'A person by GSID; a merged GSID resolves to the surviving one.' })
  stakeholder(@Arg('gsid', (_type) => ID) gsid: string, @Ctx() context: RegistryContext): Promise<Stakeholder> {
    return context.services.stakeholders.get(gsid);
  }

  @Query((_returns) => [Stakeholder], {
    nullable: 'items',
    description:
      'Several people by GSID at once (up to 500), in the order given; one entity fetch per partner for all of them. An unknown GSID gives null and a NOT_FOUND error.',
  })
  stakeholders(@Arg('gsids', (_type) => [ID]) gsids: string[], @Ctx() context: RegistryContext): Promise<Array<Stakeholder | Error>> {
    return context.services.stakeholders.getMany(gsids);
  }

  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => SharedPeople, {
    description:
      'People linked at two or more of the given partners (ids only), so that network figures count each person once, with the linkage version they are as new as. Internal to the gateway.',
  })
  sharedStakeholders(@Arg('partnerIds', (_type) => [ID]) partnerIds: string[], @Ctx() context: RegistryContext): Promise<SharedPeople> {
    return context.services.stakeholders.shared(partnerIds);
  }

  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => StakeholderReach, {
    description:
      'How many people (by surviving GSID) are linked at `partnerIds`, and how many of them also at one of `seenAt`: what the gateway reports when partners do not answer. Counts only; internal to the gateway.',
  })
  stakeholderReach(
    @Arg('partnerIds', (_type) => [ID]) partnerIds: string[],
    @Arg('seenAt', (_type) => [ID], { defaultValue: [] }) seenAt: string[],
    @Ctx() context: RegistryContext,
  ): Promise<StakeholderReach> {
    return context.services.stakeholders.reach(partnerIds, seenAt);
  }

  // Internal protocol: kept out of the public graph, answered only to the gateway's own services.
  @Directive('@inaccessible')
  @Query((_returns) => String, {
    description: 'Moves with every committed change to links or merges: while it stands still, `sharedStakeholders` is unchanged. Internal to the gateway.',
  })
  linkageVersion(@Ctx() context: RegistryContext): Promise<string> {
    return context.services.stakeholders.linkageVersion();
  }

  @FieldResolver((_type) => [StakeholderLink], { description: 'The partner-local records linked to this GSID.' })
  async links(@Root() stakeholder: Stakeholder, @Ctx() context: RegistryContext): Promise<StakeholderLink[]> {
    const links = await context.loaders.linksByGsid.load(stakeholder.gsid);
    // Partner staff see their own partner's records of a person, nothing of other partners.
    const scope = context.caller ? partnerScope(context.caller, 'person') : [];
    return scope === 'ALL' ? links : links.filter((link) => scope.includes(link.partnerId));
  }

  @FieldResolver((_type) => [LinkDecision], { description: 'Every linkage decision about this GSID, oldest first: the audit trail.' })
  decisions(@Root() stakeholder: Stakeholder, @Ctx() context: RegistryContext): Promise<LinkDecision[]> {
    return context.loaders.decisionsByGsid.load(stakeholder.gsid);
  }
}
