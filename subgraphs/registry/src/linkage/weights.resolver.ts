import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '@coalition/shared/auth';
import type { RegistryContext } from '../context';
import { evidenceView, LinkEvidence } from './evidence';
import { LinkDecision } from './link-decision.entity';
import { weightTable, type WeightSet } from './weights.service';

@ObjectType({ description: 'One comparison level of one field: the hand-set weight and, for an estimate, its m and u probabilities and weight.' })
export class WeightLevel {
  @Field()
  field!: string;

  @Field()
  level!: string;

  @Field((_type) => Float, { description: 'The hand-set weight (bits), used when no estimate is active.' })
  handWeight!: number;

  @Field((_type) => Float, { nullable: true, description: 'P(level | same person), estimated by expectation-maximisation.' })
  m!: number | null;

  @Field((_type) => Float, { nullable: true, description: 'P(level | different people), from random pairs.' })
  u!: number | null;

  @Field((_type) => Float, { nullable: true, description: 'log2(m/u), the estimated weight in bits.' })
  weight!: number | null;

  @Field({ description: 'Too few pairs at this level: the hand-set weight is used in its place.' })
  fallback!: boolean;
}

@ObjectType({ description: "A coalition's own linkage weights, estimated from the registry's records." })
export class LinkageWeightSet {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => GraphQLDateTimeISO)
  estimatedAt!: Date;

  @Field()
  estimatedBy!: string;

  @Field()
  reason!: string;

  @Field({ description: 'In use for records resolved from now on. None active: the hand-set weights.' })
  active!: boolean;

  @Field((_type) => Int)
  candidatePairs!: number;

  @Field((_type) => Int)
  randomPairs!: number;

  @Field((_type) => Float, { description: 'Estimated share of candidate pairs (pairs sharing a lookup key) that are one person.' })
  matchShare!: number;

  @Field((_type) => Int)
  iterations!: number;

  @Field()
  converged!: boolean;

  @Field((_type) => [WeightLevel])
  levels!: WeightLevel[];
}

const view = (set: WeightSet): LinkageWeightSet => ({
  id: set.id,
  estimatedAt: set.estimatedAt,
  estimatedBy: set.estimatedBy,
  reason: set.reason,
  active: set.active,
  candidatePairs: set.estimate.candidatePairs,
  randomPairs: set.estimate.randomPairs,
  matchShare: set.estimate.lambda,
  iterations: set.estimate.iterations,
  converged: set.estimate.converged,
  levels: weightTable(set.estimate),
});

function actorOf(context: RegistryContext): string {
  if (!context.caller) throw forbidden('linkage weights without a signed-in caller', undefined);
  return context.caller.subject;
}

/** Evidence on decisions, and the coalition's weight estimates. */
@Resolver((_of) => LinkDecision)
export class LinkEvidenceResolver {
  @FieldResolver((_returns) => LinkEvidence, {
    nullable: true,
    description: 'How the two records compared, field by field, for automatic decisions and the reviews made on them. Never a value.',
  })
  evidence(@Root() decision: LinkDecision): LinkEvidence | null {
    return decision.evidence ? evidenceView(decision.evidence) : null;
  }

  @Query((_returns) => [LinkageWeightSet], { description: 'The latest weight estimates (newest first), with the hand-set weights beside each level.' })
  async linkageWeights(@Ctx() context: RegistryContext): Promise<LinkageWeightSet[]> {
    return (await context.services.weights.list()).map(view);
  }

  @Mutation((_returns) => LinkageWeightSet, {
    description:
      "Estimates m and u probabilities from the registry's own records (u from random pairs, m by expectation-maximisation over pairs sharing a lookup key). Kept beside the hand-set weights; used only when activated.",
  })
  async estimateLinkageWeights(
    @Arg('reason', { description: 'Why (kept with the estimate, with who: the signed-in caller).' }) reason: string,
    @Arg('activate', { defaultValue: false, description: 'Use the estimate at once for records resolved from now on.' }) activate: boolean,
    @Ctx() context: RegistryContext,
  ): Promise<LinkageWeightSet> {
    return view(await context.services.weights.estimate({ actor: actorOf(context), reason }, activate));
  }

  @Mutation((_returns) => LinkageWeightSet, {
    nullable: true,
    description: 'Puts an estimate in use; without an id, goes back to the hand-set weights. Returns the set now in use (null: hand-set).',
  })
  async activateLinkageWeights(
    @Arg('id', (_type) => ID, { nullable: true }) id: string | null,
    @Ctx() context: RegistryContext,
  ): Promise<LinkageWeightSet | null> {
    const set = await context.services.weights.activate(id ?? null, { actor: actorOf(context) });
    return set ? view(set) : null;
  }
}
