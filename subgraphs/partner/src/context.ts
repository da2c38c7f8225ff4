import { GATEWAY_ISSUER, type Caller, type ProvenRequest } from '@coalition/shared/auth';
import type { DataSource } from 'typeorm';
import { ParticipantService } from './participant/participant.service';
import { createParticipantLoaders, type ParticipantLoaders } from './participant/participant.loader';
import { AggregateService } from './network/aggregate.service';
import { DataQualityService } from './quality/quality.service';
import { IndicatorService } from './indicator/indicator.service';
import { PathwayService } from './pathway/pathway.service';
import { notFound } from '@coalition/shared';
import { EnrollmentService } from './enrollment/enrollment.service';
import { RegistryLinker, type LinkageConfig } from './enrollment/registry-client';
import { DataVersionService } from './version/data-version.service';
import { ThemeCodingService, type CoderFactory } from './themes/coding.service';

export interface PartnerServices {
  participants: ParticipantService;
  aggregates: AggregateService;
  quality: DataQualityService;
  indicators: IndicatorService;
  pathways: PathwayService;
  enrollment: EnrollmentService;
  dataVersion: DataVersionService;
  themes: ThemeCodingService;
}

export interface PartnerContext {
  partner: { id: string; name: string };
  /** who the gateway is asking for (from its verified proof) */
  caller: Caller | null;
  /** the verified proof: caller, issuer and the gateway service asking, if any */
  request: ProvenRequest;
  services: PartnerServices;
  loaders: ParticipantLoaders;
}

export function createPartnerServices(
  dataSource: DataSource,
  partnerId: string,
  linkage?: LinkageConfig,
  options: { rowExport?: boolean; logError?: (message: string) => void; dataVersion?: DataVersionService; themeCoder?: CoderFactory } = {},
): PartnerServices {
  const dataVersion = options.dataVersion ?? new DataVersionService(dataSource);
  const themes = new ThemeCodingService(dataSource, { coder: options.themeCoder, logError: options.logError, dataVersion: () => dataVersion.current() });
  return {
    participants: new ParticipantService(dataSource),
    aggregates: new AggregateService(dataSource),
    quality: new DataQualityService(dataSource),
    indicators: new IndicatorService(dataSource, options.rowExport ?? false, (refs) => themes.assertCoded(refs)),
    pathways: new PathwayService(dataSource),
    enrollment: new EnrollmentService(dataSource, linkage ? new RegistryLinker(partnerId, linkage) : null, undefined, options.logError),
    dataVersion,
    themes,
  };
}

export function createPartnerContext(
  partner: PartnerContext['partner'],
  services: PartnerServices,
  request: ProvenRequest = { caller: null, issuer: GATEWAY_ISSUER, service: null },
): PartnerContext {
  return {
    partner,
    caller: request.caller,
    request,
    services,
    loaders: createParticipantLoaders(services.participants, readsFromOutside(partner.id, request.caller)),
  };
}

/** Whether a caller reads this partner's records from outside it: anyone but its own staff (consent to share records applies). */
export function readsFromOutside(partnerId: string, caller: Caller | null): boolean {
  return !(caller?.role === 'partner_staff' && caller.partnerId === partnerId);
}

/** Root fields name their partner; a request for another partner's data never reaches this database. */
export function assertOwnPartner(context: PartnerContext, partnerId: string): void {
  if (partnerId !== context.partner.id) {
    throw notFound('partner', partnerId, { partnerId, servedBy: context.partner.id });
  }
}
