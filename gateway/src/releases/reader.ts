import { badInput, canonicalDimensions, DomainError, ErrorCode, type Dimension } from '@coalition/shared';
import { ROLE_RULES, type Caller } from '@coalition/shared/auth';
import type { IndicatorArgs, NetworkIndicatorResult } from '../analytics/engine';
import { disclosureFor, FUNNEL_CUBE } from '../analytics/disclosure-scope';
import type { DisclosureRule } from '../analytics/protection/model';
import type { PathwayArgs } from '../analytics/pathways/engine';
import type { FunnelResult, PrePostResult } from '../analytics/pathways/results';
import { resolvePeriod } from '../analytics/periods';
import type { ReleaseContent, ReleasedIndicator } from './content';
import { releasedPathwayTables, releasedTables, visibleHandoffs } from './read';
import type { ReleaseStore, StoredRelease } from './store';

/** Which figures a request reads: live ones, or a stored release (the newest of its period, or one by id). */
export type FigureSource = { live: true } | { live: false; release: 'LATEST' | string };

export interface ReleaseReaderOptions {
  /** k and p, for the disclosure rules a reader's role is checked against. */
  rule: DisclosureRule;
  /** FUNDER_LIVE_FIGURES=on: funders may also ask for live, unreleased figures (release: LIVE). */
  fundersSeeLive: boolean;
}

/**
 * The read side of releases: which figures a request reads, and the stored figure it asks for,
 * cut to what the caller's role and portfolio may see, as a live answer would be.
 */
export class ReleaseReader {
  constructor(
    private readonly store: ReleaseStore,
    private readonly options: ReleaseReaderOptions,
  ) {}

  /**
   * Which figures a request reads. Roles whose rules say RELEASED (funders) read the newest
   * release of the period unless they name one; they read live figures only when the coalition
   * allows it. Everyone else reads live figures unless they name a release.
   */
  source(caller: Caller, release: string | null | undefined): FigureSource {
    const defaultReleased = ROLE_RULES[caller.role].figures === 'RELEASED';
    const asked = release?.trim();
    if (!asked) return defaultReleased ? { live: false, release: 'LATEST' } : { live: true };
    if (asked === 'LIVE') {
      if (defaultReleased && !this.options.fundersSeeLive)
        throw new DomainError(ErrorCode.FORBIDDEN, `release: ${caller.role} reads approved releases only (this coalition does not show live figures to them)`, {
          field: 'release',
        });
      return { live: true };
    }
    return { live: false, release: asked };
  }

  /** A network indicator from a stored release, cut to what the caller may see. */
  async indicator(caller: Caller, args: IndicatorArgs, selector: 'LATEST' | string): Promise<NetworkIndicatorResult & { release: StoredRelease }> {
    const period = resolvePeriod(args.period, 'period');
    const comparison = args.compareTo ? resolvePeriod(args.compareTo, 'compareTo') : null;
    for (const [argument, p] of [
      ['period', period],
      ['compareTo', comparison],
    ] as const) {
      if (p && p.kind !== 'PROGRAM_YEAR') throw badInput(argument, 'releases hold whole program years; ask live figures (release: LIVE) for other periods');
    }
    const stored = selector === 'LATEST' ? await this.store.latest(period.resolved.label, 'release') : await this.store.get(selector, 'release');
    if (stored.periodLabel !== period.resolved.label)
      throw badInput('release', `${stored.id} is a release of ${stored.periodLabel}, not of ${period.resolved.label}`);
    const current = this.released(await this.store.content(stored), args, stored.id, 'code');
    let previous: ReleasedIndicator | null = null;
    if (comparison) {
      const earlier = await this.store.latest(comparison.resolved.label, 'compareTo');
      previous = this.released(await this.store.content(earlier), args, earlier.id, 'compareTo');
      if (previous.version !== current.version)
        throw badInput(
          'compareTo',
          `${earlier.id} holds ${args.code} v${previous.version}, ${stored.id} v${current.version}: figures of different definitions are not compared`,
        );
    }
    const by = canonicalDimensions(args.by ?? []);
    const periods = [
      ['period', period.kind],
      ['compareTo', comparison?.kind ?? null],
    ] as const;
    const { visible } = disclosureFor(caller, by, periods, current.dimensions, this.options.rule);
    return {
      code: current.code,
      version: current.version,
      name: current.name,
      kind: current.kind,
      unit: current.unit,
      countUnit: current.countUnit,
      period: period.resolved.label,
      comparisonPeriod: comparison?.resolved.label ?? null,
      dimensions: by,
      // Releases made before protection levels were recorded say null.
      disclosureControl: { protection: null, ...current.disclosureControl },
      tables: releasedTables(current, by, previous, visible),
      coverage: current.coverage,
      release: stored,
    };
  }

  /** A funnel of a program year's cohort from a stored release, cut to what the caller may see. */
  async funnel(caller: Caller, args: PathwayArgs, selector: 'LATEST' | string): Promise<FunnelResult & { release: StoredRelease }> {
    const { stored, found, by, visible } = await this.pathwayRelease(caller, args, selector, (content) => content.funnels ?? [], FUNNEL_CUBE);
    const tables = releasedPathwayTables(found.code, found.tables, found.dimensions, by, visible);
    const transitions = found.transitions.map((t) => ({ ...t, handoffs: visibleHandoffs(t.handoffs, visible) }));
    return { ...found, dimensions: by, tables, transitions, release: stored };
  }

  /** A pre/post change of a program year's cohort from a stored release, likewise. */
  async prePost(caller: Caller, args: PathwayArgs, selector: 'LATEST' | string): Promise<PrePostResult & { release: StoredRelease }> {
    const { stored, found, by, visible } = await this.pathwayRelease(caller, args, selector, (content) => content.prePost ?? []);
    return { ...found, dimensions: by, tables: releasedPathwayTables(found.code, found.tables, found.dimensions, by, visible), release: stored };
  }

  /** The stored figure a pathway question asks for: a program year's cohort, the release, the code and version, what the caller may see. */
  private async pathwayRelease<T extends { code: string; version: number; dimensions: Dimension[] }>(
    caller: Caller,
    args: PathwayArgs,
    selector: 'LATEST' | string,
    figures: (content: ReleaseContent) => T[],
    cube?: readonly Dimension[],
  ) {
    const cohort = args.cohort ? resolvePeriod(args.cohort, 'cohort') : null;
    if (cohort?.kind !== 'PROGRAM_YEAR')
      throw badInput('cohort', "releases hold a program year's cohort: give cohort: { programYear: N }, or ask live figures (release: LIVE)");
    const stored = await this.releaseOf(cohort.resolved.label, selector, 'cohort');
    const found = figures(await this.store.content(stored)).find((f) => f.code === args.code);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `code: release ${stored.id} holds no ${args.code}`, { field: 'code' });
    if (args.version != null && args.version !== found.version)
      throw badInput('version', `release ${stored.id} holds ${args.code} v${found.version}, not v${args.version}; leave version out, or ask live figures`);
    const by = canonicalDimensions(args.by ?? []);
    const { visible } = disclosureFor(caller, by, [['cohort', cohort.kind]], found.dimensions, this.options.rule, cube);
    return { stored, found, by, visible };
  }

  /** The release a question reads: the newest of its period, or the one named (which must be of that period). */
  private async releaseOf(periodLabel: string, selector: 'LATEST' | string, periodArgument: string): Promise<StoredRelease> {
    const stored = selector === 'LATEST' ? await this.store.latest(periodLabel, 'release') : await this.store.get(selector, 'release');
    if (stored.periodLabel !== periodLabel)
      throw badInput('release', `${stored.id} is a release of ${stored.periodLabel}, not of ${periodLabel} (${periodArgument})`);
    return stored;
  }

  private released(content: ReleaseContent, args: IndicatorArgs, id: string, argument: string): ReleasedIndicator {
    const found = content.indicators.find((i) => i.code === args.code);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `${argument}: release ${id} holds no indicator ${args.code}`, { field: argument });
    if (args.version != null && args.version !== found.version)
      throw badInput('version', `release ${id} holds ${args.code} v${found.version}, not v${args.version}; leave version out, or ask live figures`);
    return found;
  }
}
