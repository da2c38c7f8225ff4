import { badInput, canonicalDimensions, indicatorKinds, indicatorRules, type Dimension, type IndicatorRowColumns, type IndicatorSpec } from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import pLimit from 'p-limit';
import type { Coverage } from '../coverage';
import type { PartnerEntry } from '../fanout/partner-directory';
import { publish, SuppressionCache, tablesFor, type FigureTable, type PeriodCells } from './figures';
import { resolvePeriod, type Period, type PeriodInput } from './periods';
import { IndicatorRowsDocument, IndicatorShareDocument, type IndicatorShareQueryVariables } from '../upstream/generated/partner';
import { IndicatorDefinitionDocument, LinkageVersionDocument } from '../upstream/generated/registry';
import { required, type ServiceClient } from './service-client';
import { cellsFromRows, type PartnerRows } from './row-cells';
import { mergedCells, type PartnerShare } from './shares';
import { disclosureControl, disclosureFor, refusePartial, ruleOf, type Disclosure, type DisclosureControl } from './disclosure-scope';
import { DEFAULT_PROTECTION } from './protection/model';
import type { SuppressionDecider } from './suppression-pool';
import { NO_SHARED_PEOPLE, SharedPeopleCache, type SharedPeople } from './shared-people';
import { AnswerCaching, type VersionVector } from '../cache';

/** An indicator kind's code: whichever kind modules are registered (`indicatorKinds`). */
type SpecKind = string;

export interface IndicatorArgs {
  code: string;
  version?: number | null;
  period: PeriodInput;
  by?: Dimension[] | null;
  compareTo?: PeriodInput | null;
}

export interface IndicatorDefinitionInfo {
  code: string;
  version: number;
  name: string;
  kind: SpecKind;
  unit: string;
  spec: IndicatorSpec;
}

export interface NetworkIndicatorResult {
  code: string;
  version: number;
  name: string;
  kind: SpecKind;
  unit: string;
  countUnit: string;
  period: string;
  comparisonPeriod: string | null;
  dimensions: Dimension[];
  disclosureControl: DisclosureControl;
  tables: FigureTable[];
  coverage: { partnersAsked: number; partnersAnswered: number; missing: Array<{ partnerId: string; reason: string }> };
}

export interface EngineOptions {
  client: ServiceClient;
  partners: () => readonly PartnerEntry[];
  /** k: cells counting 1 to k-1 are suppressed for every role but the backbone. */
  minimumCellSize: number;
  /** p, the protection level of suppressed cells (DISCLOSURE_PROTECTION); default 3. */
  protection?: number;
  /**
   * false: fetch every qualifying record (`indicatorRows`) and aggregate here instead of asking
   * partners for cells. For the pushdown benchmark only; partners must allow row export.
   */
  pushdown?: boolean;
  /** Shared with the pathway engine; one is made when not given. */
  sharedPeople?: SharedPeopleCache;
  /** Where suppression is decided (the gateway's worker pool); default: inline. */
  suppression?: SuppressionDecider;
  /**
   * Decisions kept by exact counts, shared by every engine of the gateway: a release's engines and
   * the live ones decide a cube once between them (a decision takes seconds). Default: its own.
   */
  suppressionCache?: SuppressionCache;
  /** Partners' and published answers kept by data version (shared with the pathway engine); default: none kept. */
  answers?: AnswerCaching;
  /**
   * How many partners are asked at once (default: all). Releases ask fewer, so that computing
   * every figure of a year leaves partners and the machine to the requests of other users.
   */
  partnerConcurrency?: number;
}

/** What every question to a partner about one indicator carries: the definition, the periods and the dimensions. */
type IndicatorQuestion = Pick<IndicatorShareQueryVariables, 'kind' | 'spec' | 'periods' | 'by'>;

/** One request's view of the partners: who is asked, at which data versions, and who counts once. */
interface PartnerScope {
  partners: readonly PartnerEntry[];
  versions: VersionVector;
  shared: SharedPeople;
}

/** A question checked against its definition and the caller's disclosure rules, ready to be answered. */
interface CheckedQuestion {
  definition: IndicatorDefinitionInfo;
  period: Period;
  comparison: Period | null;
  by: Dimension[];
  disclosure: Disclosure;
}

/**
 * Network indicators: the definition from the registry, additive cells from every partner (one
 * request and one SQL statement each, for both periods), merged here; rates, medians and
 * disclosure control after the merge.
 */
export class IndicatorEngine {
  private readonly suppressions: SuppressionCache;
  private readonly shared: SharedPeopleCache;
  private readonly answers: AnswerCaching;

  constructor(private readonly options: EngineOptions) {
    this.suppressions = options.suppressionCache ?? new SuppressionCache(undefined, options.suppression);
    this.shared = options.sharedPeople ?? new SharedPeopleCache(options.client);
    this.answers = options.answers ?? new AnswerCaching(options.client, null);
  }

  async compute(caller: Caller, args: IndicatorArgs, coverage: Coverage): Promise<NetworkIndicatorResult> {
    return this.computeDefinition(caller, () => this.definition(args.code, args.version ?? null), args, coverage);
  }

  /**
   * A figure of a definition the caller already has (read from the registry, or made from a
   * codebook's theme: see themes/engine.ts), computed, cached and disclosed like any indicator.
   */
  async computeDefinition(
    caller: Caller,
    definitionOf: () => Promise<IndicatorDefinitionInfo>,
    args: Omit<IndicatorArgs, 'code' | 'version'>,
    coverage: Coverage,
  ): Promise<NetworkIndicatorResult> {
    const period = resolvePeriod(args.period, 'period');
    const comparison = args.compareTo ? resolvePeriod(args.compareTo, 'compareTo') : null;
    const by = canonicalDimensions(args.by ?? []);
    const partners = [...this.options.partners()].sort((a, b) => (a.id < b.id ? -1 : 1));
    // The partners' versions with the registry's answers: read before any question they key.
    const [definition, linkage, versions] = await Promise.all([
      definitionOf(),
      this.options.client.registry(LinkageVersionDocument, {}),
      this.answers.versionsOf(partners),
    ]);
    const checked = this.check(caller, { definition, period, comparison, by });
    const question = {
      answer: 'networkIndicator',
      definition,
      period: period.resolved,
      compareTo: comparison?.resolved ?? null,
      by,
      pushdown: this.options.pushdown !== false,
    };
    return this.answers.published({ question, linkage: linkage.linkageVersion, disclosure: checked.disclosure }, versions, coverage, async () => {
      // Without pushdown only merged GSIDs need the registry (records carry their GSIDs); with it, who to ask about.
      const shared = definition.spec.count === 'PEOPLE' && partners.length > 1 ? await this.shared.get(partners, linkage.linkageVersion) : NO_SHARED_PEOPLE;
      return this.figures(checked, { partners, versions, shared }, coverage);
    });
  }

  /** The dimensions and periods the definition allows, then what the caller may see of it. */
  private check(caller: Caller, question: Omit<CheckedQuestion, 'disclosure'>): CheckedQuestion {
    const { definition, period, comparison, by } = question;
    const label = `${definition.code} v${definition.version}`;
    const notAllowed = by.find((d) => !definition.spec.dimensions.includes(d));
    if (notAllowed) throw badInput('by', `${label} cannot be disaggregated by ${notAllowed}; it allows ${definition.spec.dimensions.join(', ')}`);
    for (const [argument, p] of [
      ['period', period],
      ['compareTo', comparison],
    ] as const) {
      if (p && !definition.spec.periods.includes(p.kind))
        throw badInput(argument, `${label} allows periods of kind ${definition.spec.periods.join(', ')}, not ${p.kind}`);
    }
    const disclosure = disclosureFor(
      caller,
      by,
      [
        ['period', period.kind],
        ['compareTo', comparison?.kind ?? null],
      ],
      definition.spec.dimensions,
      { k: this.options.minimumCellSize, p: this.options.protection ?? DEFAULT_PROTECTION },
    );
    return { ...question, disclosure };
  }

  /** Every partner's cells for both periods, merged, published under the caller's disclosure rules. */
  private async figures(question: CheckedQuestion, scope: PartnerScope, coverage: Coverage): Promise<NetworkIndicatorResult> {
    const { definition, period, comparison, by, disclosure } = question;
    const { dimensions } = disclosure;
    const [current, previous = null] = await this.partnerCells(definition, comparison ? [period, comparison] : [period], dimensions, scope, coverage);
    const summary = coverage.summary();
    refusePartial(disclosure, summary);
    const merge = indicatorKinds.require(definition.kind).merge;
    const publication = (cells: PeriodCells) => publish(dimensions, cells, ruleOf(disclosure), this.suppressions, merge);
    const [now, before] = await Promise.all([publication(current), previous ? publication(previous) : null]);
    const tables = tablesFor(definition.kind, by, now, before, disclosure.visible);
    return {
      code: definition.code,
      version: definition.version,
      name: definition.name,
      kind: definition.kind,
      unit: definition.unit,
      countUnit: definition.spec.count,
      period: period.resolved.label,
      comparisonPeriod: comparison?.resolved.label ?? null,
      dimensions: by,
      disclosureControl: disclosureControl(disclosure),
      tables,
      coverage: summary,
    };
  }

  async definition(code: string, version: number | null): Promise<IndicatorDefinitionInfo> {
    const indicator = required((await this.options.client.registry(IndicatorDefinitionDocument, { code, version })).indicator, 'indicator');
    const rules = indicatorRules(indicator.kind, indicator.definition);
    const label = `${indicator.code} v${indicator.version}`;
    if (rules.form === 'PRE_POST') throw badInput('code', `${label} pairs two values per person across partners: ask prePostChange(code: "${indicator.code}")`);
    if (rules.form === 'NONE') throw badInput('version', `${label} has no computable rules; see indicators(code: "${indicator.code}") for the versions`);
    return { ...indicator, spec: rules.spec };
  }

  /** Every partner's cells, one entry per period in order. */
  private async partnerCells(
    definition: IndicatorDefinitionInfo,
    periods: readonly Period[],
    dimensions: Dimension[],
    scope: PartnerScope,
    coverage: Coverage,
  ): Promise<PeriodCells[]> {
    if (this.options.pushdown === false) return Promise.all(periods.map((period) => this.rowCells(definition, period, dimensions, scope, coverage)));
    const question: IndicatorQuestion = {
      kind: definition.kind,
      spec: definition.spec as unknown as Record<string, unknown>,
      periods: periods.map((period) => period.resolved as unknown as Record<string, unknown>),
      by: dimensions,
    };
    const answers = await this.shares(question, scope, coverage);
    return periods.map((_period, i) => ({ cells: mergedCells(definition.kind, dimensions, answers, i, scope.shared.survivorOf) }));
  }

  /**
   * One request per partner for the whole question. Counting people, each partner is told its own
   * GSIDs of people linked at other partners too (`shared`, empty otherwise) and answers for them
   * with the record each counts by there (ids, a date, dimension values and measures, never a
   * name), and with cells for everyone else. A partner that does not answer is missing from the
   * coverage; its shared people count at the partners that did.
   */
  private async shares(question: IndicatorQuestion, { partners, versions, shared }: PartnerScope, coverage: Coverage): Promise<PartnerShare[]> {
    const limit = pLimit(this.options.partnerConcurrency ?? Number.POSITIVE_INFINITY);
    const answers = await Promise.all(
      partners.map((partner) =>
        limit(async (): Promise<PartnerShare | null> => {
          const variables = { ...question, partnerId: partner.id, shared: shared.asked.get(partner.id) ?? [] };
          const data = await this.answers.partner(versions, partner, IndicatorShareDocument, variables, coverage);
          return data ? { partnerId: partner.id, periods: data.indicatorShare } : null;
        }),
      ),
    );
    return answers.filter((a): a is PartnerShare => a !== null);
  }

  /** Without pushdown (the benchmark): every qualifying record of one period, aggregated here. */
  private async rowCells(
    definition: IndicatorDefinitionInfo,
    period: Period,
    dimensions: Dimension[],
    { partners, versions, shared }: PartnerScope,
    coverage: Coverage,
  ): Promise<PeriodCells> {
    const base = {
      kind: definition.kind,
      spec: definition.spec as unknown as Record<string, unknown>,
      period: period.resolved as unknown as Record<string, unknown>,
    };
    const answers = await Promise.all(
      partners.map(async (partner) => {
        const data = await this.answers.partner(versions, partner, IndicatorRowsDocument, { ...base, partnerId: partner.id, by: dimensions }, coverage);
        // A JSON object in the schema: its columns are the shared contract's.
        return data ? { ...(data.indicatorRows as unknown as IndicatorRowColumns), partnerId: partner.id } : null;
      }),
    );
    return {
      cells: cellsFromRows(
        definition,
        answers.filter((a): a is PartnerRows => a !== null),
        shared.survivorOf,
      ),
    };
  }
}
