import { badInput, DomainError, ErrorCode, indicatorRules, type Dimension, type IndicatorSpec } from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import { Coverage } from '../coverage';
import type { IndicatorDefinitionInfo, IndicatorEngine } from '../analytics/engine';
import { themeDefinition } from '../analytics/themes/engine';
import { FUNNEL_CUBE, protectedCube } from '../analytics/disclosure-scope';
import { resolvePeriod, type PeriodInput } from '../analytics/periods';
import type { ServiceClient } from '../analytics/service-client';
import type { PartnerEntry } from '../fanout/partner-directory';
import { LinkageVersionDocument, ReleaseCatalogueDocument } from '../upstream/generated/registry';
import { PartnerDataVersionDocument, PartnerThemeCodingDocument } from '../upstream/generated/partner';
import type { PathwayEngine } from '../analytics/pathways/engine';
import type { ReleasedFunnel, ReleasedIndicator, ReleasedPrePost } from './content';

/** A release is one finished program year: the period funders are shown (ROLE_RULES), and one no later import should still belong to. */
export interface ReleasePeriod {
  programYear: number;
  label: string;
  input: PeriodInput;
}

export function releasePeriod(input: PeriodInput | null | undefined, today: string): ReleasePeriod {
  const period = resolvePeriod(input, 'period');
  if (period.kind !== 'PROGRAM_YEAR') throw badInput('period', 'a release covers one whole program year: give period: { programYear: N }');
  const programYear = input!.programYear!;
  const ends = `${programYear + 1}-06-30`;
  if (today <= ends) throw badInput('period.programYear', `PY${programYear} runs until ${ends}: a release covers a finished program year`);
  return { programYear, label: period.resolved.label, input: { programYear } };
}

/** The versions a release was computed at: any of them moving means its figures may no longer be today's. */
export interface VersionVector {
  linkage: string;
  /** partner id -> its data version; partners left out of a forced release are absent */
  partners: Record<string, string>;
  minimumCellSize: number;
  /** The protection level p (absent in releases approved before it was recorded). */
  protection?: number;
  /** indicator code (network indicators and pre/post changes) -> the definition version released */
  indicators: Record<string, number>;
  /** pathway code -> the definition version released */
  pathways: Record<string, number>;
}

/** What an approval reads before it computes anything: every partner's data version, and who did not answer. */
export async function partnerVersions(
  client: ServiceClient,
  partners: readonly PartnerEntry[],
): Promise<{ versions: Record<string, string>; coverage: ReturnType<Coverage['summary']> }> {
  const coverage = new Coverage();
  const versions: Record<string, string> = {};
  await Promise.all(
    partners.map(async (partner) => {
      const data = await client.partner(partner, PartnerDataVersionDocument, { partnerId: partner.id }, coverage);
      if (data) versions[partner.id] = data.dataVersion;
    }),
  );
  const { registry: _registry, ...summary } = coverage.summary();
  return { versions, coverage: summary };
}

/** Refuses to release figures that miss partners, unless the backbone says so (the release then records who is missing). */
export function refuseMissing(coverage: { missing: ReadonlyArray<{ partnerId: string }> }, force: boolean): void {
  if (force || !coverage.missing.length) return;
  const missing = coverage.missing.map((m) => m.partnerId).join(', ');
  throw new DomainError(
    ErrorCode.PARTNER_UNAVAILABLE,
    `Partners ${missing} did not answer: a release is computed over every partner. Approve again when they answer, or with force: true to release without them (the release records its coverage).`,
    { coverage, field: 'force' },
  );
}

export interface Releasable {
  code: string;
  version: number;
  /** A figure made from a codebook's theme rather than read from the catalogue (themes/engine.ts). */
  definition?: IndicatorDefinitionInfo;
  /** The codebook version a theme figure counts codings of. */
  codebook?: { code: string; version: number };
  /** The protected cube's dimensions the definition allows: the released tables are every subset of them. */
  cube: Dimension[];
}

/** What a release of a program year holds, from the catalogue: each code's newest version that computes. */
export interface ReleaseCatalogue {
  /** Network indicators that allow program years. */
  indicators: Releasable[];
  /** Pathway funnels, for the year's cohort. */
  funnels: Releasable[];
  /** Pre/post changes, for the year's cohort. */
  prePost: Releasable[];
}

/** Keeps the newest version of each code, in code order. */
function newest(found: Releasable[]): Releasable[] {
  const byCode = new Map<string, Releasable>();
  for (const item of found) if ((byCode.get(item.code)?.version ?? 0) < item.version) byCode.set(item.code, item);
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The waves whose answers a release holds theme figures of. */
export const RELEASED_WAVES = ['INTAKE', 'EXIT'] as const;

export async function releaseCatalogue(client: ServiceClient): Promise<ReleaseCatalogue> {
  const { indicators, pathways, codebooks } = await client.registry(ReleaseCatalogueDocument, {});
  const cells: Releasable[] = [];
  const prePost: Releasable[] = [];
  for (const indicator of indicators) {
    const rules = indicatorRules(indicator.kind, indicator.definition);
    if (rules.form === 'NONE') continue; // a version without computable rules
    const spec: { dimensions: readonly Dimension[] } = rules.spec;
    const item = { code: indicator.code, version: indicator.version, cube: protectedCube().filter((d) => spec.dimensions.includes(d)) };
    if (rules.form === 'PRE_POST') prePost.push(item);
    else if ((rules.spec as IndicatorSpec).periods.includes('PROGRAM_YEAR')) cells.push(item);
  }
  const funnels = pathways.map((p) => ({ code: p.code, version: p.version, cube: [...FUNNEL_CUBE] }));
  // Each codebook's newest version, every theme, intake and exit answers: rates like any indicator's.
  const themes = codebooks.flatMap((codebook) =>
    RELEASED_WAVES.flatMap((wave) =>
      codebook.themes.map((theme) => {
        const definition = themeDefinition(codebook, theme, wave);
        const cube = protectedCube().filter((d) => definition.spec.dimensions.includes(d));
        return { code: definition.code, version: definition.version, cube, definition, codebook: { code: codebook.code, version: codebook.version } };
      }),
    ),
  );
  return { indicators: [...newest(cells), ...themes], funnels: newest(funnels), prePost: newest(prePost) };
}

/**
 * Theme figures are released only for the codebook versions every answering partner has
 * installed: a coalition that does not code answers (or has not installed a new version
 * everywhere yet) still releases its other figures. Returns the catalogue and the versions left out.
 */
export async function withInstalledCodebooks(
  client: ServiceClient,
  catalogue: ReleaseCatalogue,
  partners: readonly PartnerEntry[],
): Promise<{ catalogue: ReleaseCatalogue; leftOut: string[] }> {
  const versions = new Map(catalogue.indicators.flatMap((i) => (i.codebook ? [[`${i.codebook.code} v${i.codebook.version}`, i.codebook] as const] : [])));
  const leftOut: string[] = [];
  for (const [label, { code, version }] of versions) {
    const installed = await Promise.all(
      partners.map((partner) =>
        client.partner(partner, PartnerThemeCodingDocument, { partnerId: partner.id, codebook: code, version }, new Coverage()).then(
          (answer) => answer !== null,
          () => false,
        ),
      ),
    );
    if (!installed.every(Boolean)) leftOut.push(label);
  }
  const kept = catalogue.indicators.filter((i) => !i.codebook || !leftOut.includes(`${i.codebook.code} v${i.codebook.version}`));
  return { catalogue: { ...catalogue, indicators: kept }, leftOut };
}

/**
 * The figures are computed as a funder with the whole network in its portfolio would be shown
 * them: program years, the protected cube, k, every partner's drill-down. Each reader is then
 * given the part its own role and portfolio may see.
 */
export const RELEASE_CALLER: Caller = { subject: 'release', role: 'funder', portfolio: 'ALL' };

/** The figures as computed, before disclosure control: what a release's audit checks the released ones against. Never stored. */
export const RELEASE_AUDITOR: Caller = { subject: 'release-audit', role: 'backbone_analyst' };

export async function computeIndicator(
  engine: IndicatorEngine,
  indicator: Releasable,
  period: ReleasePeriod,
  caller: Caller = RELEASE_CALLER,
): Promise<ReleasedIndicator> {
  const coverage = new Coverage();
  const args = { code: indicator.code, version: indicator.version, period: period.input, by: indicator.cube };
  const { definition } = indicator;
  const result = definition ? await engine.computeDefinition(caller, async () => definition, args, coverage) : await engine.compute(caller, args, coverage);
  return {
    code: result.code,
    version: result.version,
    name: result.name,
    kind: result.kind,
    unit: result.unit,
    countUnit: result.countUnit,
    dimensions: result.dimensions,
    disclosureControl: result.disclosureControl,
    tables: result.tables,
    coverage: result.coverage,
  };
}

/** A funnel of the year's cohort, as a funder of the whole network is shown it. */
export function computeFunnel(engine: PathwayEngine, pathway: Releasable, period: ReleasePeriod, caller: Caller = RELEASE_CALLER): Promise<ReleasedFunnel> {
  return engine.funnel(caller, { code: pathway.code, version: pathway.version, cohort: period.input, by: pathway.cube }, new Coverage());
}

/** A pre/post change of the year's cohort, likewise. */
export function computePrePost(engine: PathwayEngine, change: Releasable, period: ReleasePeriod, caller: Caller = RELEASE_CALLER): Promise<ReleasedPrePost> {
  return engine.prePost(caller, { code: change.code, version: change.version, cohort: period.input, by: change.cube }, new Coverage());
}

export async function linkageVersion(client: ServiceClient): Promise<string> {
  return (await client.registry(LinkageVersionDocument, {})).linkageVersion;
}
