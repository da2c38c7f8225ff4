import { badInput, DIMENSIONS, PERIOD_KINDS, type Dimension, type IndicatorSpec, type Wave } from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import pLimit from 'p-limit';
import type { Coverage } from '../../coverage';
import type { PartnerEntry } from '../../fanout/partner-directory';
import { PartnerThemeCodingDocument, StoreCodebookDocument, ThemePhrasesDocument, type ThemeCodingFieldsFragment } from '../../upstream/generated/partner';
import { ThemeCodebookDocument, type ThemeCodebookFieldsFragment } from '../../upstream/generated/registry';
import type { IndicatorDefinitionInfo, IndicatorEngine, NetworkIndicatorResult } from '../engine';
import { resolvePeriod, type PeriodInput } from '../periods';
import { required, type ServiceClient } from '../service-client';

export interface ThemeEngineOptions {
  client: ServiceClient;
  partners: () => readonly PartnerEntry[];
  indicators: IndicatorEngine;
  /** k: an emerging phrase is shown once at least this many people used it (and never below 2 partners). */
  minimumCellSize: number;
}

/** A codebook version as the registry gives it (themes.registry.graphql). */
export type CodebookInfo = ThemeCodebookFieldsFragment;

export interface ThemesArgs {
  codebook: string;
  version?: number | null;
  wave?: Wave | null;
  period: PeriodInput;
  by?: Dimension[] | null;
  compareTo?: PeriodInput | null;
}

export interface NetworkThemesResult {
  codebook: string;
  version: number;
  wave: Wave;
  themes: Array<{ code: string; label: string; kind: string; figures: NetworkIndicatorResult }>;
}

/** Figures of a theme are asked of partners a few at a time: each is one statement per partner. */
const THEMES_AT_ONCE = 3;
/** Emerging phrases shown at most. */
const MAX_PHRASES = 100;

/** Which date of a record a wave's answers are counted in a period by: intake answers by enrollment, the others by exit. */
const anchorOf = (wave: Wave): IndicatorSpec['anchor'] => (wave === 'INTAKE' ? 'ENROLLMENT' : 'EXIT');

/**
 * A theme of a codebook version as a RATE over people: of the people whose answer of the wave is
 * coded under the version (the respondents), those whose coding carries the theme. Computed,
 * cached, disclosed and released through the indicator engine like any indicator, so a person
 * answering at two partners counts once (by GSID), and versions never mix in one figure.
 */
export function themeDefinition(codebook: CodebookInfo, theme: CodebookInfo['themes'][number], wave: Wave): IndicatorDefinitionInfo {
  const answered = { codebook: codebook.code, version: codebook.version, wave };
  return {
    code: `${codebook.code}.${theme.code}.${wave}`,
    version: codebook.version,
    name: theme.label,
    kind: 'RATE',
    unit: 'percent of people who answered',
    spec: {
      count: 'PEOPLE',
      anchor: anchorOf(wave),
      population: [{ answer: answered }],
      numerator: [{ answer: { ...answered, theme: theme.code } }],
      dimensions: [...DIMENSIONS],
      periods: [...PERIOD_KINDS],
    },
  };
}

/** Network themes, themes against outcomes, emerging phrases, and codebooks at partners (docs/THEMES.md). */
export class ThemeEngine {
  constructor(private readonly options: ThemeEngineOptions) {}

  async codebook(code: string, version: number | null): Promise<CodebookInfo> {
    return required((await this.options.client.registry(ThemeCodebookDocument, { code, version })).codebook, 'codebook');
  }

  async networkThemes(caller: Caller, args: ThemesArgs, coverage: Coverage): Promise<NetworkThemesResult> {
    const codebook = await this.codebook(args.codebook, args.version ?? null);
    const wave = args.wave ?? 'EXIT';
    const limit = pLimit(THEMES_AT_ONCE);
    const themes = await Promise.all(
      codebook.themes.map((theme) =>
        limit(async () => {
          const definition = themeDefinition(codebook, theme, wave);
          const figures = await this.options.indicators.computeDefinition(caller, async () => definition, args, coverage);
          return { code: theme.code, label: theme.label, kind: theme.kind, figures };
        }),
      ),
    );
    return { codebook: codebook.code, version: codebook.version, wave, themes };
  }

  /**
   * The themes as a release holds them (read through `read`, which cuts each to what the caller
   * may see): the codebook version the release was approved with, every theme it holds.
   */
  async releasedThemes<R extends NetworkIndicatorResult>(
    args: ThemesArgs,
    read: (code: string, version: number | null) => Promise<R>,
  ): Promise<Omit<NetworkThemesResult, 'themes'> & { themes: Array<{ code: string; label: string; kind: string; figures: R }> }> {
    const codebook = await this.codebook(args.codebook, args.version ?? null);
    const wave = args.wave ?? 'EXIT';
    const themes = [];
    for (const theme of codebook.themes) {
      const { code } = themeDefinition(codebook, theme, wave);
      themes.push({ code: theme.code, label: theme.label, kind: theme.kind, figures: await read(code, args.version ?? null) });
    }
    return { codebook: codebook.code, version: themes[0].figures.version, wave, themes };
  }

  /**
   * An indicator among the people who mention a theme and among those who answered without
   * mentioning it (e.g. EMP_Q2 for people naming CHILDCARE, and not): the indicator's own
   * population, narrowed to each group.
   */
  async themeOutcome(
    caller: Caller,
    args: Omit<ThemesArgs, 'compareTo'> & { theme: string; indicator: string; indicatorVersion?: number | null },
    coverage: Coverage,
  ): Promise<{ theme: string; mentioning: NetworkIndicatorResult; notMentioning: NetworkIndicatorResult }> {
    const [codebook, indicator] = await Promise.all([
      this.codebook(args.codebook, args.version ?? null),
      this.options.indicators.definition(args.indicator, args.indicatorVersion ?? null),
    ]);
    if (!codebook.themes.some((t) => t.code === args.theme)) {
      throw badInput('theme', `${codebook.code} v${codebook.version} has no theme ${args.theme}; it has ${codebook.themes.map((t) => t.code).join(', ')}`);
    }
    const wave = args.wave ?? 'EXIT';
    const group = (mentions: boolean): IndicatorDefinitionInfo => ({
      ...indicator,
      code: `${indicator.code}.${codebook.code}.${args.theme}.${wave}.${mentions ? 'MENTIONS' : 'NOT'}`,
      spec: {
        ...indicator.spec,
        population: [...indicator.spec.population, { answer: { codebook: codebook.code, version: codebook.version, wave, theme: args.theme, mentions } }],
      },
    });
    const figure = (mentions: boolean) => this.options.indicators.computeDefinition(caller, async () => group(mentions), args, coverage);
    const [mentioning, notMentioning] = await Promise.all([figure(true), figure(false)]);
    // The groups' figures carry the indicator's own code and version, as the analyst asked it.
    const named = (result: NetworkIndicatorResult) => ({ ...result, code: indicator.code });
    return { theme: args.theme, mentioning: named(mentioning), notMentioning: named(notMentioning) };
  }

  /**
   * Phrases the codebook does not cover, for the backbone: each partner sends the phrases at least
   * two of its people used (scrubbed when coded); a phrase is shown when at least k people at two
   * or more partners used it. A person answering at two partners may count at both.
   */
  async emergingPhrases(
    args: { codebook: string; version?: number | null; wave?: Wave | null; period: PeriodInput; minPeople?: number | null },
    coverage: Coverage,
  ): Promise<{ codebook: string; version: number; minPeople: number; phrases: Array<{ phrase: string; people: number; partners: number }> }> {
    const codebook = await this.codebook(args.codebook, args.version ?? null);
    const minPeople = args.minPeople ?? this.options.minimumCellSize;
    if (!Number.isInteger(minPeople) || minPeople < 2 || minPeople > 1000) throw badInput('minPeople', 'must be 2 to 1000');
    const answer = { codebook: codebook.code, version: codebook.version, wave: args.wave ?? 'EXIT' };
    const period = resolvePeriod(args.period, 'period').resolved as unknown as Record<string, unknown>;
    const merged = new Map<string, { people: number; partners: number }>();
    await Promise.all(
      this.options.partners().map(async (partner) => {
        const data = await this.options.client.partner(partner, ThemePhrasesDocument, { partnerId: partner.id, answer, period, minPeople: 2 }, coverage);
        for (const { phrase, people } of data?.themePhrases ?? []) {
          const entry = merged.get(phrase) ?? { people: 0, partners: 0 };
          merged.set(phrase, { people: entry.people + people, partners: entry.partners + 1 });
        }
      }),
    );
    const phrases = [...merged]
      .filter(([, e]) => e.partners >= 2 && e.people >= minPeople)
      .map(([phrase, e]) => ({ phrase, ...e }))
      .sort((a, b) => b.people - a.people || (a.phrase < b.phrase ? -1 : 1))
      .slice(0, MAX_PHRASES);
    return { codebook: codebook.code, version: codebook.version, minPeople, phrases };
  }

  /** Gives every partner a codebook version from the registry; each codes its answers in the background. */
  async install(code: string, version: number | null, coverage: Coverage): Promise<PartnerCoding[]> {
    const codebook = await this.codebook(code, version);
    return this.eachPartner(coverage, (partner) =>
      this.options.client
        .partner(partner, StoreCodebookDocument, { partnerId: partner.id, codebook: codebook.content }, coverage)
        .then((d) => d?.storeCodebook ?? null),
    );
  }

  /** How far each partner's coding of a version has come (counts only). */
  async progress(code: string, version: number, coverage: Coverage): Promise<PartnerCoding[]> {
    return this.eachPartner(coverage, (partner) =>
      this.options.client
        .partner(partner, PartnerThemeCodingDocument, { partnerId: partner.id, codebook: code, version }, coverage)
        .then((d) => d?.themeCoding ?? null),
    );
  }

  private async eachPartner(coverage: Coverage, ask: (partner: PartnerEntry) => Promise<ThemeCodingFieldsFragment | null>): Promise<PartnerCoding[]> {
    const partners = [...this.options.partners()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const statuses = await Promise.all(partners.map((partner) => ask(partner)));
    const missing = new Map(coverage.summary().missing.map((m) => [m.partnerId, m.reason]));
    return partners.map((partner, i) => ({
      partnerId: partner.id,
      status: statuses[i],
      unavailable: statuses[i] ? null : (missing.get(partner.id) ?? 'no answer'),
    }));
  }
}

export interface PartnerCoding {
  partnerId: string;
  status: ThemeCodingFieldsFragment | null;
  unavailable: string | null;
}
