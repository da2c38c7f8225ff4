import {
  badInput,
  canonicalDimensions,
  dayNumber,
  definitionForm,
  dimensionDescriptors,
  parsePathwayStages,
  parsePrePostSpec,
  type Dimension,
  type MeasureRef,
  type PathwaySummaryColumns,
  type ResolvedPeriod,
  type Stage,
} from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import pLimit from 'p-limit';
import type { Coverage } from '../../coverage';
import type { PartnerEntry } from '../../fanout/partner-directory';
import { disclosureFor, FUNNEL_CUBE, refuseAllTime, refusePartial, type Disclosure } from '../disclosure-scope';
import { FunnelSuppressionCache, SuppressionCache } from '../figures';
import type { SuppressionDecider } from '../suppression-pool';
import { DEFAULT_PROTECTION } from '../protection/model';
import { resolvePeriod, type PeriodInput } from '../periods';
import { PathwaySummariesDocument } from '../../upstream/generated/partner';
import { IndicatorDefinitionDocument, LinkageVersionDocument, PathwayDocument, ReachDocument } from '../../upstream/generated/registry';
import { required, type ServiceClient } from '../service-client';
import { NO_SHARED_PEOPLE, type SharedPeopleCache } from '../shared-people';
import { AnswerCaching, type VersionVector } from '../../cache';
import { tallyFunnel, type DayRange } from './funnel';
import { PeopleIndex, type PartnerSummary } from './people';
import { tallyChanges } from './prepost';
import { funnelResult, prePostResult, type FunnelResult, type PathwayCoverage, type PrePostResult } from './results';

export interface PathwayArgs {
  code: string;
  version?: number | null;
  cohort?: PeriodInput | null;
  by?: Dimension[] | null;
}

export interface PathwayEngineOptions {
  client: ServiceClient;
  partners: () => readonly PartnerEntry[];
  minimumCellSize: number;
  /** p, the protection level of suppressed cells (DISCLOSURE_PROTECTION); default 3. */
  protection?: number;
  sharedPeople: SharedPeopleCache;
  /** Where suppression is decided (the gateway's worker pool); default: inline. */
  suppression?: SuppressionDecider;
  /** Decisions kept by exact counts, shared by every engine of the gateway (IndicatorEngine's option). */
  suppressionCache?: SuppressionCache;
  funnelSuppressionCache?: FunnelSuppressionCache;
  /** Partners' and published answers kept by data version (shared with the indicator engine); default: none kept. */
  answers?: AnswerCaching;
  /** How many partners are asked at once (default: all; releases ask fewer, as the indicator engine). */
  partnerConcurrency?: number;
}

/** One request's view of the partners: who is asked, at which data versions, and the registry's linkage version. */
interface PartnerScope {
  partners: readonly PartnerEntry[];
  versions: VersionVector;
  linkage: string;
}

/** A cohort period as a range of days; an enrollment quarter is its three months. */
function dayRange(resolved: ResolvedPeriod | null): DayRange {
  if (!resolved) return null;
  if (resolved.kind === 'dates') return { from: dayNumber(resolved.from), before: dayNumber(resolved.before) };
  const [year, quarter] = [Number(resolved.cohort.slice(0, 4)), Number(resolved.cohort.slice(5))];
  const month = (q: number) => String(3 * (q - 1) + 1).padStart(2, '0');
  return { from: dayNumber(`${year}-${month(quarter)}-01`), before: dayNumber(quarter === 4 ? `${year + 1}-01-01` : `${year}-${month(quarter + 1)}-01`) };
}

/**
 * Network pathways and pre/post changes. Partners send per-GSID summaries (stages entered and
 * measure values, with the requested dimension values; no local ids or other fields); the
 * gateway pairs them by surviving GSID in memory, tallies cells, and applies the same disclosure
 * control as indicators. Nothing is stored.
 */
export class PathwayEngine {
  private readonly suppressions: SuppressionCache;
  private readonly funnelSuppressions: FunnelSuppressionCache;
  private readonly answers: AnswerCaching;

  constructor(private readonly options: PathwayEngineOptions) {
    this.suppressions = options.suppressionCache ?? new SuppressionCache(undefined, options.suppression);
    this.funnelSuppressions = options.funnelSuppressionCache ?? new FunnelSuppressionCache(undefined, options.suppression);
    this.answers = options.answers ?? new AnswerCaching(options.client, null);
  }

  async funnel(caller: Caller, args: PathwayArgs, coverage: Coverage): Promise<FunnelResult> {
    const cohort = args.cohort ? resolvePeriod(args.cohort, 'cohort') : null;
    const disclosure = this.disclosure(caller, args.by ?? [], cohort?.kind ?? null, dimensionDescriptors.codes() as Dimension[], `${args.code}`, FUNNEL_CUBE);
    const [{ pathway }, scope] = await Promise.all([
      this.options.client.registry(PathwayDocument, { code: args.code, version: args.version ?? null }),
      this.scope(),
    ]);
    const found = required(pathway, 'pathway');
    const definition = { ...found, stages: parsePathwayStages(found.stages, 'pathway.stages') };
    const question = { answer: 'pathwayFunnel', definition, cohort: cohort?.resolved ?? null };
    return this.answers.published({ question, linkage: scope.linkage, disclosure }, scope.versions, coverage, async () => {
      const { index, coverage: seen } = await this.collect(definition.stages, [], disclosure, scope, coverage);
      const tally = tallyFunnel(index, definition.stages.length, dayRange(cohort?.resolved ?? null));
      return funnelResult(definition, cohort?.resolved.label ?? null, index, tally, disclosure, seen, this.funnelSuppressions);
    });
  }

  async prePost(caller: Caller, args: PathwayArgs, coverage: Coverage): Promise<PrePostResult> {
    const cohort = args.cohort ? resolvePeriod(args.cohort, 'cohort') : null;
    const [{ indicator }, scope] = await Promise.all([
      this.options.client.registry(IndicatorDefinitionDocument, { code: args.code, version: args.version ?? null }),
      this.scope(),
    ]);
    const found = required(indicator, 'indicator');
    const label = `${found.code} v${found.version}`;
    if (found.kind !== 'CHANGE' || definitionForm(found.definition) !== 'PRE_POST') {
      throw badInput(
        args.version == null ? 'code' : 'version',
        `${label} is not a pre/post change${found.kind === 'CHANGE' ? ` with computable rules; see indicators(code: "${found.code}") for the versions` : `; it is a ${found.kind}, asked through networkIndicator`}`,
      );
    }
    const spec = parsePrePostSpec(found.definition);
    const disclosure = this.disclosure(caller, args.by ?? [], cohort?.kind ?? null, spec.dimensions, label);
    const question = { answer: 'prePostChange', definition: found, cohort: cohort?.resolved ?? null };
    return this.answers.published({ question, linkage: scope.linkage, disclosure }, scope.versions, coverage, async () => {
      const { index, coverage: seen } = await this.collect([], [spec.before, spec.after], disclosure, scope, coverage);
      const tally = tallyChanges(index, dayRange(cohort?.resolved ?? null));
      return prePostResult(
        { code: found.code, version: found.version, name: found.name, unit: found.unit, before: spec.before, after: spec.after },
        cohort?.resolved.label ?? null,
        index,
        tally,
        disclosure,
        seen,
        this.suppressions,
      );
    });
  }

  /** The partners in scope, their data versions and the linkage version, read before anything they key. */
  private async scope(): Promise<PartnerScope> {
    const partners = [...this.options.partners()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const [linkage, versions] = await Promise.all([this.options.client.registry(LinkageVersionDocument, {}), this.answers.versionsOf(partners)]);
    return { partners, versions, linkage: linkage.linkageVersion };
  }

  private disclosure(
    caller: Caller,
    asked: readonly Dimension[],
    cohortKind: string | null,
    allowed: readonly Dimension[],
    label: string,
    cube?: readonly Dimension[],
  ): Disclosure {
    if (cohortKind === null) refuseAllTime(caller, 'cohort');
    const by = canonicalDimensions(asked);
    const notAllowed = by.find((d) => !allowed.includes(d));
    if (notAllowed) throw badInput('by', `${label} cannot be disaggregated by ${notAllowed}; it allows ${allowed.join(', ')}`);
    return disclosureFor(
      caller,
      by,
      [['cohort', cohortKind]],
      allowed,
      { k: this.options.minimumCellSize, p: this.options.protection ?? DEFAULT_PROTECTION },
      cube,
    );
  }

  /** Every partner's summaries, grouped by person; who did not answer, and how many people that hides. */
  private async collect(
    stages: readonly Stage[],
    measures: readonly MeasureRef[],
    disclosure: Disclosure,
    { partners, versions, linkage }: PartnerScope,
    coverage: Coverage,
  ): Promise<{ index: PeopleIndex; coverage: PathwayCoverage }> {
    const shared = partners.length > 1 ? await this.options.sharedPeople.get(partners, linkage) : NO_SHARED_PEOPLE;
    const variables = { stages: [...stages], measures: [...measures], by: disclosure.dimensions };
    const limit = pLimit(this.options.partnerConcurrency ?? Number.POSITIVE_INFINITY);
    const answers = await Promise.all(
      partners.map((partner) =>
        limit(async (): Promise<PartnerSummary | null> => {
          const answer = await this.answers.partner(versions, partner, PathwaySummariesDocument, { ...variables, partnerId: partner.id }, coverage);
          // A JSON object in the schema: its columns are the shared contract's.
          return answer ? { partnerId: partner.id, columns: answer.pathwaySummaries as unknown as PathwaySummaryColumns } : null;
        }),
      ),
    );
    const summary = coverage.summary();
    refusePartial(disclosure, summary);
    let reach = { people: 0, seenElsewhere: 0 };
    if (summary.missing.length) {
      const missing = summary.missing.map((m) => m.partnerId);
      reach = (
        await this.options.client.registry(ReachDocument, {
          partnerIds: missing,
          seenAt: partners.map((p) => p.id).filter((id) => !missing.includes(id)),
        })
      ).stakeholderReach;
    }
    return {
      index: new PeopleIndex(
        answers.filter((a): a is PartnerSummary => a !== null),
        shared.survivorOf,
      ),
      coverage: { ...summary, peopleAtMissingPartners: reach.people, peopleSeenInPart: reach.seenElsewhere },
    };
  }
}
