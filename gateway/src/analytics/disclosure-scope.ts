import { DomainError, ErrorCode, dimensionDescriptors, listOf, type Dimension } from '@coalition/shared';
import { ACCESS_ROLES, ROLE_RULES, ROLES, partnersReached, type Caller, type RoleRules } from '@coalition/shared/auth';
import type { MissingPartner } from '../coverage';
import type { DisclosureRule } from './protection/model';

/** What an answer says about its disclosure control (`DisclosureControl` in the schema). */
export interface DisclosureControl {
  applied: boolean;
  minimumCellSize: number | null;
  protection: number | null;
  cubeDimensions: Dimension[] | null;
}

/** The rule the disclosure of a figure for a role follows: the answer names it (k and p) unless unsuppressed. */
export const ruleOf = (disclosure: Pick<Disclosure, 'k' | 'p'>): DisclosureRule | null =>
  disclosure.k === null || disclosure.p === null ? null : { k: disclosure.k, p: disclosure.p };

/**
 * The dimensions every figure for a role without `unsuppressed` figures is protected over, as one
 * cube: suppression decided once over all its tables keeps any number of queries consistent.
 * The dimensions whose modules say `backboneOnly` (open or fine-grained) are left out.
 */
export function protectedCube(): Dimension[] {
  return dimensionDescriptors
    .all()
    .filter((d) => !d.backboneOnly)
    .map((d) => d.code as Dimension);
}

/**
 * What a pathway funnel is protected and published over for roles without `unsuppressed`
 * figures: the partner where people entered (with the stage totals and the handoffs between
 * partners). A funnel's stages are nested populations of one cohort, so a later stage's cell
 * bounds the same cell of every earlier stage; over the whole demographic cube that leaves
 * almost every small cell of every stage pinned from its neighbours. Measured on a 12 x 50,000
 * coalition: 4,457 of 5,076 hidden small cells of a 4-stage funnel over PARTNER, SEX, AGE_BAND
 * and RACE_GROUP were still narrower than the rule after one round of complements and 3,808
 * after two, with 7,259 of 11,909 cells already hidden: the funnel could only be withheld
 * whole (as WORKFORCE was on the test coalition too). Over PARTNER alone the same funnel is protected in
 * four rounds (11 of 146 cells hidden). Demographic breakdowns of a funnel stay with the roles
 * that read figures as computed (the backbone); funders read them from indicators.
 */
export const FUNNEL_CUBE: readonly Dimension[] = ['PARTNER'];

/** What one request may see: the dimensions asked, those fetched and protected, k, and the partner drill-down. */
export interface Disclosure {
  /** Figures as computed (the backbone's): no suppression, partial figures with their coverage. */
  unsuppressed: boolean;
  by: Dimension[];
  /** Unsuppressed: `by`. Otherwise: the protected cube (as far as the figure allows it). */
  dimensions: Dimension[];
  /** Cells of 1 to k-1 people are suppressed; null when unsuppressed. */
  k: number | null;
  /** The protection level: no reader may narrow a hidden small count to within p of it; null when unsuppressed. */
  p: number | null;
  /** Partners whose drill-down cells are shown: staff see their own, funders their portfolio's. */
  visible: ReadonlySet<string> | 'ALL';
}

/** Whether a cell is shown to a caller who sees the drill-down of `visible`: a cell of another partner is not. */
export function partnerVisible(values: ReadonlyArray<{ dimension: string; value: string }>, visible: Disclosure['visible']): boolean {
  const partner = values.find((v) => v.dimension === 'PARTNER');
  return !partner || visible === 'ALL' || visible.has(partner.value);
}

/** Whether a handoff is shown: one from or to a partner of the caller's drill-down. */
export function handoffVisible(handoff: { fromPartner: string; toPartner: string | null }, visible: Disclosure['visible']): boolean {
  return visible === 'ALL' || visible.has(handoff.fromPartner) || (handoff.toPartner !== null && visible.has(handoff.toPartner));
}

/** "funders and partner staff": the roles that read figures and whose rules match, as messages name them. */
function rolesWhere(test: (rules: RoleRules) => boolean): string {
  const names = ROLES.filter((role) => ACCESS_ROLES.aggregate.includes(role) && test(ROLE_RULES[role])).map((role) => ROLE_RULES[role].plural);
  return listOf(names.sort(), 'and');
}

/**
 * Roles without unsuppressed figures get figures over the whole network only: a partial figure
 * could be differenced against a full one. The backbone gets the partial figure with its coverage.
 */
export function refusePartial(disclosure: Disclosure, coverage: { missing: readonly MissingPartner[] }): void {
  if (disclosure.unsuppressed || !coverage.missing.length) return;
  const who = rolesWhere((rules) => !rules.unsuppressed);
  const missing = coverage.missing.map((m) => `${m.partnerId} (${m.reason})`).join(', ');
  const rule = `${who.charAt(0).toUpperCase()}${who.slice(1)} get figures over the whole network only`;
  const why = 'a partial figure could be differenced against a full one';
  throw new DomainError(ErrorCode.PARTNER_UNAVAILABLE, `Partners ${missing} did not answer. ${rule}: ${why}.`, { coverage });
}

/**
 * The disclosure rules of network figures (indicators, funnels, pre/post changes) for one caller,
 * from its role's row of ROLE_RULES: the period kinds it may ask for (for most roles whole
 * program years only: a quarter, cohort or date range could be differenced against the year), the
 * dimensions (the protected cube's only), k and the partner drill-down.
 */
export function disclosureFor(
  caller: Caller,
  by: Dimension[],
  periods: ReadonlyArray<readonly [argument: string, kind: string | null]>,
  allowed: readonly Dimension[],
  rule: DisclosureRule,
  /** What the figure is protected over for roles limited to a protected cube (pathway funnels: FUNNEL_CUBE). */
  cube: readonly Dimension[] = protectedCube(),
): Disclosure {
  const rules = ROLE_RULES[caller.role];
  const reached = partnersReached(caller, rules.drillDown);
  const visible = reached === 'ALL' ? 'ALL' : new Set(reached);
  for (const [argument, kind] of periods) {
    if (kind !== null && !(rules.periods as readonly string[]).includes(kind)) {
      const who = rolesWhere((r) => !(r.periods as readonly string[]).includes(kind));
      const why = 'a quarter, cohort or date range could be differenced against the year to reveal a small cell';
      throw new DomainError(ErrorCode.FORBIDDEN, `${argument}: ${who} get whole program years only (${why})`, { field: argument });
    }
  }
  if (rules.dimensions === 'PROTECTED_CUBE') {
    const outside = by.find((d) => !cube.includes(d));
    if (outside) {
      const [open, limited] = [rolesWhere((r) => r.dimensions === 'ALL'), rolesWhere((r) => r.dimensions === 'PROTECTED_CUBE')];
      const what = cube === FUNNEL_CUBE ? 'pathway funnels ' : '';
      throw new DomainError(ErrorCode.FORBIDDEN, `by: ${outside} is for ${open} only; ${limited} can disaggregate ${what}by ${cube.join(', ')}`, {
        field: 'by',
      });
    }
  }
  if (rules.unsuppressed) return { unsuppressed: true, by, dimensions: by, k: null, p: null, visible };
  const dimensions = rules.dimensions === 'ALL' ? by : cube.filter((d) => allowed.includes(d));
  return { unsuppressed: false, by, dimensions, k: rule.k, p: rule.p, visible };
}

/**
 * A funnel or pre/post change without a cohort covers all of time. For roles whose rules say
 * `allTime: false`, that is refused: all time minus the program years they can read leaves one
 * partial year, and means times n then give away single people's values (issue 18's attack).
 */
export function refuseAllTime(caller: Caller, argument: string): void {
  if (ROLE_RULES[caller.role].allTime) return;
  const who = rolesWhere((r) => !r.allTime);
  const why = 'figures over all time could be differenced against the program years to reveal a small cell';
  throw new DomainError(ErrorCode.FORBIDDEN, `${argument}: ${who} get whole program years only (${why}); give ${argument}: { programYear: N }`, {
    field: argument,
  });
}

/** What an answer says about its disclosure control (`DisclosureControl` in the schema). */
export function disclosureControl(disclosure: Disclosure): DisclosureControl {
  return {
    applied: !disclosure.unsuppressed,
    minimumCellSize: disclosure.k,
    protection: disclosure.p,
    cubeDimensions: disclosure.unsuppressed ? null : disclosure.dimensions,
  };
}
