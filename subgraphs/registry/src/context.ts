import type { Caller, ProvenRequest } from '@coalition/shared/auth';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { PartnerService } from './partner/partner.service';
import type { Partner } from './partner/partner.entity';
import { StakeholderService } from './stakeholder/stakeholder.service';
import type { Stakeholder } from './stakeholder/stakeholder.entity';
import type { StakeholderLink } from './stakeholder/stakeholder-link.entity';
import { IndicatorService } from './indicator/indicator.service';
import { CodebookService } from './codebook/codebook.service';
import { PathwayService } from './pathway/pathway.service';
import { LinkageService } from './linkage/linkage.service';
import { ReviewService } from './linkage/review.service';
import type { LinkDecision } from './linkage/link-decision.entity';
import { DEFAULT_THRESHOLDS, type MatchThresholds } from './linkage/score';
import { WeightsService } from './linkage/weights.service';
import { LinkChangeService } from './linkage/link-changes';
import { ReleaseService } from './release/release.service';
import { PartnerLifecycle } from './partner/lifecycle';

export interface RegistryServices {
  partners: PartnerService;
  stakeholders: StakeholderService;
  indicators: IndicatorService;
  codebooks: CodebookService;
  pathways: PathwayService;
  linkage: LinkageService;
  review: ReviewService;
  weights: WeightsService;
  linkChanges: LinkChangeService;
  releases: ReleaseService;
  lifecycle: PartnerLifecycle;
  /** The gateway's public key (PEM), which a joining partner must trust: given with its credentials. */
  gatewayPublicKeyPem: string | null;
}

export interface RegistryServiceOptions {
  /** PARTNER_REGISTRY_KEYS: keys configured for partners rather than issued by the registry. */
  partnerKeys?: Readonly<Record<string, string>>;
  gatewayPublicKeyPem?: string | null;
}

export interface RegistryLoaders {
  partnerById: DataLoader<string, Partner | null>;
  stakeholderByGsid: DataLoader<string, Stakeholder | null>;
  linksByGsid: DataLoader<string, StakeholderLink[]>;
  survivorByGsid: DataLoader<string, Stakeholder | null>;
  decisionsByGsid: DataLoader<string, LinkDecision[]>;
}

export interface RegistryContext {
  services: RegistryServices;
  loaders: RegistryLoaders;
  /** who the gateway is asking for; null for a partner's own linkage request */
  caller: Caller | null;
  /** who signed the request: the gateway, or partner:<id> */
  issuer: string;
  /** the gateway component asking on its own behalf (internal protocol), or null */
  service: string | null;
}

export function createRegistryServices(
  dataSource: DataSource,
  thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
  options: RegistryServiceOptions = {},
): RegistryServices {
  return {
    lifecycle: new PartnerLifecycle(dataSource, options.partnerKeys ?? {}),
    gatewayPublicKeyPem: options.gatewayPublicKeyPem ?? null,
    partners: new PartnerService(dataSource),
    stakeholders: new StakeholderService(dataSource),
    indicators: new IndicatorService(dataSource),
    codebooks: new CodebookService(dataSource),
    pathways: new PathwayService(dataSource),
    linkage: new LinkageService(dataSource, thresholds),
    review: new ReviewService(dataSource),
    weights: new WeightsService(dataSource),
    linkChanges: new LinkChangeService(dataSource),
    releases: new ReleaseService(dataSource),
  };
}

function byKey<T, K extends string>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** One loader set per request. */
export function createRegistryContext(services: RegistryServices, proof: ProvenRequest = { caller: null, issuer: '', service: null }): RegistryContext {
  return {
    services,
    caller: proof.caller,
    issuer: proof.issuer,
    service: proof.service,
    loaders: {
      partnerById: new DataLoader(async (ids) => byKey(ids, await services.partners.findByIds(ids), (p) => p.id)),
      stakeholderByGsid: new DataLoader(async (gsids) => byKey(gsids, await services.stakeholders.findByGsids(gsids), (s) => s.gsid)),
      linksByGsid: new DataLoader(async (gsids) => {
        const groups = new Map<string, StakeholderLink[]>(gsids.map((g) => [g, []]));
        for (const link of await services.stakeholders.linksOf(gsids)) groups.get(link.gsid)?.push(link);
        return gsids.map((g) => groups.get(g) ?? []);
      }),
      survivorByGsid: new DataLoader(async (gsids) => {
        const survivors = await services.stakeholders.survivorsOf(gsids);
        const found = byKey([...new Set(survivors.values())], await services.stakeholders.findByGsids([...new Set(survivors.values())]), (s) => s.gsid);
        const byGsid = new Map(found.filter((s): s is Stakeholder => !!s).map((s) => [s.gsid, s]));
        return gsids.map((g) => byGsid.get(survivors.get(g) ?? '') ?? null);
      }),
      decisionsByGsid: new DataLoader(async (gsids) => {
        const decisions = await services.review.decisionsFor(gsids);
        return gsids.map((g) => decisions.filter((d) => d.gsid === g || d.candidateGsid === g));
      }),
    },
  };
}
