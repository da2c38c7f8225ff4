import { REGISTRY_SUBGRAPH } from '../subgraph-names';

/** An active partner and the URL of its service, as the registry lists it. */
export interface PartnerEntry {
  id: string;
  name: string;
  endpoint: string;
}

/** Where a request goes: one partner's service, or the registry. */
export type Target = { kind: 'partner'; partner: PartnerEntry } | { kind: 'registry' };

export const REGISTRY: Target = { kind: 'registry' };

export const partnerTarget = (partner: PartnerEntry): Target => ({ kind: 'partner', partner });

/** The service's name in request proofs: its partner id, or "registry". */
export const audienceOf = (target: Target): string => (target.kind === 'partner' ? target.partner.id : REGISTRY_SUBGRAPH);
