import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { PartnerService } from './partner/partner.service';
import type { Partner } from './partner/partner.entity';
import { StakeholderService } from './stakeholder/stakeholder.service';
import type { Stakeholder } from './stakeholder/stakeholder.entity';
import type { StakeholderLink } from './stakeholder/stakeholder-link.entity';
import { IndicatorService } from './indicator/indicator.service';
import { PathwayService } from './pathway/pathway.service';

export interface RegistryServices {
  partners: PartnerService;
  stakeholders: StakeholderService;
  indicators: IndicatorService;
  pathways: PathwayService;
}

export interface RegistryLoaders {
  partnerById: DataLoader<string, Partner | null>;
  stakeholderByGsid: DataLoader<string, Stakeholder | null>;
  linksByGsid: DataLoader<string, StakeholderLink[]>;
}

export interface RegistryContext {
  services: RegistryServices;
  loaders: RegistryLoaders;
}

export function createRegistryServices(dataSource: DataSource): RegistryServices {
  return {
    partners: new PartnerService(dataSource),
    stakeholders: new StakeholderService(dataSource),
    indicators: new IndicatorService(dataSource),
    pathways: new PathwayService(dataSource),
  };
}

function byKey<T, K extends string>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** One loader set per request. */
export function createRegistryContext(services: RegistryServices): RegistryContext {
  return {
    services,
    loaders: {
      partnerById: new DataLoader(async (ids) => byKey(ids, await services.partners.findByIds(ids), (p) => p.id)),
      stakeholderByGsid: new DataLoader(async (gsids) => byKey(gsids, await services.stakeholders.findByGsids(gsids), (s) => s.gsid)),
      linksByGsid: new DataLoader(async (gsids) => {
        const groups = new Map<string, StakeholderLink[]>(gsids.map((g) => [g, []]));
        for (const link of await services.stakeholders.linksOf(gsids)) groups.get(link.gsid)?.push(link);
        return gsids.map((g) => groups.get(g) ?? []);
      }),
    },
  };
}
