import { Field, InputType, ObjectType } from 'type-graphql';
import type { ParticipantConsent } from '../import/records';

/** A participant's consent as recorded at its partner (docs/CONSENT.md). */
export interface ConsentState {
  /** Identity may be shared for linkage: keyed tokens sent to the registry, a GSID kept. */
  shareIdentity: boolean;
  /** Records may be shown outside this partner: other partners' staff, the backbone. */
  shareRecords: boolean;
  /** Counted in de-identified network figures (default yes). */
  inFigures?: boolean;
  /** YYYY-MM-DD */
  recordedOn: string;
}

@InputType({
  description: "What a person agreed to share, as their partner recorded it (docs/CONSENT.md). Without it, the coalition's defaults apply: both yes.",
})
export class ConsentInput implements ConsentState {
  @Field({ description: 'Identity may be shared for linkage (keyed tokens sent to the registry, so the network counts the person once).' })
  shareIdentity!: boolean;

  @Field({ description: "Records may be shown outside this partner: to other partners' staff and to the backbone." })
  shareRecords!: boolean;

  @Field({ defaultValue: true, description: 'Counted in de-identified network figures (after disclosure control). Default yes.' })
  inFigures!: boolean;

  @Field({ description: 'YYYY-MM-DD: when the person gave (or withdrew) it.' })
  recordedOn!: string;
}

@ObjectType({ description: "A person's consent at this partner; recordedOn null: none recorded, the defaults (both yes) apply." })
export class Consent {
  @Field()
  shareIdentity!: boolean;

  @Field()
  shareRecords!: boolean;

  @Field()
  inFigures!: boolean;

  @Field((_type) => String, { nullable: true })
  recordedOn!: string | null;
}

@ObjectType()
export class ConsentResult {
  @Field()
  localId!: string;

  @Field((_type) => Consent)
  consent!: Consent;

  @Field({ description: "True when withdrawing identity consent took the person's record off the person it was linked to, at the registry and here." })
  unlinked!: boolean;
}

/** A consent as the partner's tables store it (import/write.ts writeConsents records it). */
export function consentRow(consent: ConsentState): ParticipantConsent {
  return { share_identity: consent.shareIdentity, share_records: consent.shareRecords, in_figures: consent.inFigures ?? true, recorded_on: consent.recordedOn };
}
