import { badInput, isValidGsid } from '@coalition/shared';
import { Stakeholder, type StakeholderLink } from './stakeholder.type';

export function resolveStakeholderReference(reference: { gsid: string; links?: StakeholderLink[] | null }): Stakeholder {
  if (!isValidGsid(reference.gsid)) throw badInput('gsid', `"${reference.gsid}" is not a well-formed GSID`);
  return Object.assign(new Stakeholder(), { gsid: reference.gsid, links: reference.links ?? null });
}
