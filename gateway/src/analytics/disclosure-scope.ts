import { DomainError, ErrorCode, type Dimension } from '@coalition/shared';
import { partnerScope, type Caller } from '@coalition/shared/auth';
import type { MissingPartner } from '../coverage';

/**
 * The dimensions every figure for a role other than the backbone is protected over, as one cube:
 * suppression decided once over all its tables keeps any number of queries consistent. County,
 * cohort and program type (open or fine-grained) are the backbone's only.
 */
export const PROTECTED_CUBE: readonly Dimension[] = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND'];

/** What one request may see: the dimensions asked, those fetched and protected, k, and the partner drill-down. */
export interface Disclosure {
  backbone: boolean;
  by: Dimension[];
  /** The backbone: `by`. Others: the protected cube (as far as the figure allows it). */
  dimensions: Dimension[];
  /** Cells of 1 to k-1 people are suppressed; null for the backbone. */
  k: number | null;
  /** Partners whose drill-down cells are shown: staff see their own, funders their portfolio's. */
  visible: ReadonlySet<string> | 'ALL';
}

/**
 * Funders and partner staff get figures over the whole network only: a partial figure could be
 * differenced against a full one. The backbone gets the partial figure with its coverage.
 */
export function refusePartial(disclosure: Disclosure, coverage: { missing: readonly MissingPartner[] }): void {
  if (disclosure.backbone || !coverage.missing.length) return;
  throw new DomainError(ErrorCode.PARTNER_UNAVAILABLE, `Partners ${coverage.missing.map((m) => m.partnerId).join(', ')} did not answer. Funders and partner staff get figures over the whole network only: a partial figure could be differenced against a full one.`, { coverage });
}

/**
 * The disclosure rules of network figures (indicators, funnels, pre/post changes) for one caller.
 * Roles other than the backbone get whole program years only (a quarter, cohort or date range
 * could be differenced against the year) and the protected cube's dimensions only.
 */
export function disclosureFor(
  caller: Caller,
  by: Dimension[],
  periods: ReadonlyArray<readonly [argument: string, kind: string | null]>,
  allowed: readonly Dimension[],
  minimumCellSize: number,
): Disclosure {
  if (caller.role === 'backbone_analyst') return { backbone: true, by, dimensions: by, k: null, visible: 'ALL' };
  for (const [argument, kind] of periods) {
    if (kind !== null && kind !== 'PROGRAM_YEAR') {
      throw new DomainError(ErrorCode.FORBIDDEN, `${argument}: funders and partner staff get whole program years only (a quarter, cohort or date range could be differenced against the year to reveal a small cell)`, { field: argument });
    }
  }
  const outside = by.find((d) => !PROTECTED_CUBE.includes(d));
  if (outside) throw new DomainError(ErrorCode.FORBIDDEN, `by: ${outside} is for the backbone only; funders and partner staff can disaggregate by ${PROTECTED_CUBE.join(', ')}`, { field: 'by' });
  const scope = partnerScope(caller, 'aggregate');
  const visible = caller.role !== 'partner_staff' && scope === 'ALL' ? 'ALL' : new Set(caller.role === 'partner_staff' ? [caller.partnerId!] : (scope as readonly string[]));
  return { backbone: false, by, dimensions: PROTECTED_CUBE.filter((d) => allowed.includes(d)), k: minimumCellSize, visible };
}
