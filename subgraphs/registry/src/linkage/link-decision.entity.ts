import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '@coalition/shared/subgraph';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DECISION_KINDS = ['NEW', 'AUTO_LINK', 'POSSIBLE_MATCH', 'CONFIRM', 'REJECT', 'SPLIT', 'MERGE', 'REJOIN'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DecisionKindEnum = enumObject(DECISION_KINDS);
registerEnumType(DecisionKindEnum, {
  name: 'LinkDecisionKind',
  description: 'NEW, AUTO_LINK and POSSIBLE_MATCH are made by resolution; the others by a person.',
});

export const REVIEW_STATUSES = ['OPEN', 'CONFIRMED', 'REJECTED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const ReviewStatusEnum = enumObject(REVIEW_STATUSES);
registerEnumType(ReviewStatusEnum, { name: 'ReviewStatus' });

@ObjectType({
  description: 'One entry of the linkage audit trail: what was decided about which record, by whom, when and why. Holds ids, rules and scores only.',
})
@Entity({ name: 'link_decision' })
export class LinkDecision {
  @Field((_type) => ID)
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Field((_type) => DecisionKindEnum)
  @Column({ type: 'text' })
  kind!: DecisionKind;

  @Field((_type) => ID, { nullable: true, description: 'The partner of the record decided on (none for a MERGE of two GSIDs).' })
  @Column({ type: 'text', name: 'partner_id', nullable: true })
  partnerId!: string | null;

  @Field((_type) => ID, { nullable: true })
  @Column({ type: 'text', name: 'local_id', nullable: true })
  localId!: string | null;

  @Field((_type) => ID, { description: 'The GSID the record got (NEW, AUTO_LINK, POSSIBLE_MATCH, SPLIT) or that survived (CONFIRM, MERGE, REJOIN).' })
  @Column({ type: 'text' })
  gsid!: string;

  @Field((_type) => ID, {
    nullable: true,
    description:
      'POSSIBLE_MATCH: the GSID it may belong to. SPLIT: the GSID it was taken from. REJECT: the GSID it is kept apart from. MERGE, CONFIRM, REJOIN: the GSID absorbed.',
  })
  @Column({ type: 'text', name: 'candidate_gsid', nullable: true })
  candidateGsid!: string | null;

  @Field((_type) => String, { nullable: true, description: 'The deterministic rule that linked, if one did.' })
  @Column({ type: 'text', nullable: true })
  rule!: string | null;

  @Field((_type) => Float, { nullable: true, description: 'The best match score seen (agreement weights summed; see docs/LINKAGE.md).' })
  @Column({ type: 'real', nullable: true })
  score!: number | null;

  /** How the pair compared (see evidence.ts); exposed through the `evidence` field resolver. */
  @Column({ type: 'jsonb', nullable: true })
  evidence!: import('./evidence').StoredEvidence | null;

  @Field((_type) => Float, {
    nullable: true,
    description:
      'How likely the pair is one person (0 to 1), from the score: calibrated when estimated weights are in use, otherwise a ranking with even odds at the review threshold. The review queue is ordered by it.',
  })
  @Column({ type: 'real', name: 'match_probability', nullable: true })
  matchProbability!: number | null;

  @Field((_type) => ReviewStatusEnum, { nullable: true, description: 'For POSSIBLE_MATCH only.' })
  @Column({ type: 'text', name: 'review_status', nullable: true })
  reviewStatus!: ReviewStatus | null;

  @Field((_type) => ID, { nullable: true, description: 'The decision this one acts on (the match confirmed or rejected, the split re-joined).' })
  @Column({ type: 'bigint', name: 'refers_to', nullable: true })
  refersTo!: string | null;

  @Field({ description: '"linkage" for automatic decisions; otherwise the person who acted.' })
  @Column({ type: 'text' })
  actor!: string;

  @Field((_type) => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Field((_type) => GraphQLDateTimeISO)
  @Column({ type: 'timestamptz', name: 'decided_at' })
  decidedAt!: Date;
}
