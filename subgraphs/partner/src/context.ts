import type { DataSource } from 'typeorm';
import { ParticipantService } from './participant/participant.service';
import { createParticipantLoaders, type ParticipantLoaders } from './participant/participant.loader';
import { AggregateService } from './network/aggregate.service';
import { DataQualityService } from './quality/quality.service';
import { notFound } from '@coalition/shared';

export interface PartnerServices {
  participants: ParticipantService;
  aggregates: AggregateService;
  quality: DataQualityService;
}

export interface PartnerContext {
  partner: { id: string; name: string };
  services: PartnerServices;
  loaders: ParticipantLoaders;
}

export function createPartnerServices(dataSource: DataSource): PartnerServices {
  return { participants: new ParticipantService(dataSource), aggregates: new AggregateService(dataSource), quality: new DataQualityService(dataSource) };
}

export function createPartnerContext(partner: PartnerContext['partner'], services: PartnerServices): PartnerContext {
  return { partner, services, loaders: createParticipantLoaders(services.participants) };
}

/** Root fields name their partner; a request for another partner's data never reaches this database. */
export function assertOwnPartner(context: PartnerContext, partnerId: string): void {
  if (partnerId !== context.partner.id) {
    throw notFound('partner', partnerId, { partnerId, servedBy: context.partner.id });
  }
}
