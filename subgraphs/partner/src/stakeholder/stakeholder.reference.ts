import { badInput, isValidGsid } from '@coalition/shared';
import { Stakeholder } from './stakeholder.type';

export function resolveStakeholderReference(reference: { gsid: string }): Stakeholder {
  if (!isValidGsid(reference.gsid)) throw badInput('gsid', `"${reference.gsid}" is not a well-formed GSID`);
  return Object.assign(new Stakeholder(), { gsid: reference.gsid });
}
