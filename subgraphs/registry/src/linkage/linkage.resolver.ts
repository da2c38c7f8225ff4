import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '@coalition/shared/auth';
import type { RegistryContext } from '../context';
import { Stakeholder } from '../stakeholder/stakeholder.entity';
import { LinkDecision } from './link-decision.entity';
import { IdentityRevocation, LinkageRecordInput, LinkageResult, LinkageWithdrawal, LinkageWithdrawalInput } from './linkage.types';
import { DEFAULT_LINK_CHANGES, LinkChangePage, MAX_LINK_CHANGES } from './link-changes';
import { WITHDRAW_WINDOW_MINUTES } from './withdrawal';

const WHO = { reason: 'Why (kept in the audit trail, with who: the signed-in caller).' };

/**
 * Who acts, for the audit trail: the signed-in user the gateway's proof names, never an
 * argument (anyone allowed to review could otherwise write any name into the trail).
 */
function actorOf(context: RegistryContext): string {
  if (!context.caller) throw forbidden('link review without a signed-in caller', undefined);
  return context.caller.subject;
}

@Resolver((_of) => LinkDecision)
export class LinkageResolver {
  @Directive('@inaccessible')
  @Mutation((_returns) => [LinkageResult], {
    description: "Partner subgraphs resolve their records' encodings to GSIDs (at most 1000 per call, one transaction).",
  })
  resolveIdentities(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('records', (_type) => [LinkageRecordInput]) records: LinkageRecordInput[],
    @Ctx() context: RegistryContext,
  ): Promise<LinkageResult[]> {
    return context.services.linkage.resolve(partnerId, records);
  }

  // Compensation, not deletion: a partner whose write failed after resolveIdentities takes back
  // what that call made, so a link never outlives the record it was for (docs/LINKAGE.md).
  @Directive('@inaccessible')
  @Mutation((_returns) => [LinkageWithdrawal], {
    description: `A partner withdraws the links resolveIdentities just made for records it then failed to store (at most 1000 per call, one transaction). Links an analyst acted on, resolved again since, or older than ${WITHDRAW_WINDOW_MINUTES} minutes are kept.`,
  })
  withdrawIdentities(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('records', (_type) => [LinkageWithdrawalInput]) records: LinkageWithdrawalInput[],
    @Ctx() context: RegistryContext,
  ): Promise<LinkageWithdrawal[]> {
    return context.services.linkage.withdraw(partnerId, records);
  }

  // A person withdrew consent to share their identity: their record leaves the person it was
  // linked to, audited like an analyst's split, and automatic resolution never links it again.
  @Directive('@inaccessible')
  @Mutation((_returns) => [IdentityRevocation], {
    description: 'A partner takes its records off the people they were linked to because consent to share identity was withdrawn (at most 1000 per call).',
  })
  revokeIdentities(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('localIds', (_type) => [ID]) localIds: string[],
    @Ctx() context: RegistryContext,
  ): Promise<IdentityRevocation[]> {
    return context.services.review.revokeForConsent(partnerId, localIds);
  }

  // What a partner's stored GSIDs must follow after merges and splits: its own links changed
  // since the version it last applied (docs/LINKAGE.md).
  @Directive('@inaccessible')
  @Query((_returns) => LinkChangePage, {
    description: `A partner's links whose GSID is new or has moved since \`since\` (a version from a previous page, or "0"), oldest change first, at most \`first\` (1 to ${MAX_LINK_CHANGES}).`,
  })
  linkChanges(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('since', (_type) => String) since: string,
    @Arg('first', (_type) => Int, { defaultValue: DEFAULT_LINK_CHANGES }) first: number,
    @Ctx() context: RegistryContext,
  ): Promise<LinkChangePage> {
    return context.services.linkChanges.read(partnerId, since, first);
  }

  @Query((_returns) => [LinkDecision], { description: 'Possible matches waiting for an analyst, the most likely matches first (ties: oldest first).' })
  reviewQueue(@Arg('first', (_type) => Int, { defaultValue: 50 }) first: number, @Ctx() context: RegistryContext): Promise<LinkDecision[]> {
    return context.services.review.reviewQueue(first);
  }

  @Query((_returns) => LinkDecision, { nullable: true })
  linkDecision(@Arg('id', (_type) => ID) id: string, @Ctx() context: RegistryContext): Promise<LinkDecision> {
    return context.services.review.decision(id);
  }

  @Mutation((_returns) => LinkDecision, { description: "Confirms a possible match: the record's GSID merges into the candidate's." })
  confirmMatch(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: WHO.reason }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<LinkDecision> {
    return context.services.review.confirm(id, { actor: actorOf(context), reason });
  }

  @Mutation((_returns) => LinkDecision, { description: 'Rejects a possible match: the two GSIDs are kept apart from now on.' })
  rejectMatch(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: WHO.reason }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<LinkDecision> {
    return context.services.review.reject(id, { actor: actorOf(context), reason });
  }

  @Mutation((_returns) => LinkDecision, { description: 'Takes a partner record off its GSID onto a new one; later resolution never re-links it.' })
  splitLink(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('localId', (_type) => ID) localId: string,
    @Arg('reason', { description: WHO.reason }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<LinkDecision> {
    return context.services.review.split(partnerId, localId, { actor: actorOf(context), reason });
  }

  @Mutation((_returns) => LinkDecision, { description: 'Undoes a split (by the SPLIT decision id).' })
  rejoinSplit(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: WHO.reason }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<LinkDecision> {
    return context.services.review.rejoin(id, { actor: actorOf(context), reason });
  }

  @Mutation((_returns) => LinkDecision, { description: 'Merges two GSIDs of one person; the absorbed GSID keeps resolving to the survivor.' })
  mergeStakeholders(
    @Arg('survivor', (_type) => ID) survivor: string,
    @Arg('absorbed', (_type) => ID) absorbed: string,
    @Arg('reason', { description: WHO.reason }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<LinkDecision> {
    return context.services.review.merge(survivor, absorbed, { actor: actorOf(context), reason });
  }

  @FieldResolver((_type) => Stakeholder, { nullable: true, description: 'The person the record is linked to now (following merges).' })
  stakeholder(@Root() decision: LinkDecision, @Ctx() context: RegistryContext): Promise<Stakeholder | null> {
    return context.loaders.survivorByGsid.load(decision.gsid);
  }

  @FieldResolver((_type) => Stakeholder, { nullable: true, description: 'The other person of the decision (following merges).' })
  candidate(@Root() decision: LinkDecision, @Ctx() context: RegistryContext): Promise<Stakeholder | null> {
    return decision.candidateGsid ? context.loaders.survivorByGsid.load(decision.candidateGsid) : Promise.resolve(null);
  }
}
