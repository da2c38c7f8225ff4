import type { Caller } from '@coalition/shared/auth';
import type { Coverage } from '../../coverage';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers';
import { tables } from '../result-tables';
import type { AnalyticsServices } from '../schema';
import type { ThemeEngine } from './engine';

/** Runs a resolver for a signed-in caller, with domain errors kept (the analytics subgraph's `answer`). */
type Answer = <T>(field: string, context: unknown, run: (caller: Caller, coverage: Coverage) => Promise<T>) => Promise<T>;

/** Each partner's coding status as the schema has it: one flat row per partner. */
function flatCoding(rows: Awaited<ReturnType<ThemeEngine['progress']>>) {
  return rows.map(({ partnerId, status, unavailable }) => ({
    partnerId,
    unavailable,
    coderId: status?.coderId ?? null,
    answers: status?.answers ?? null,
    coded: status?.coded ?? null,
    refused: status?.refused ?? null,
    pending: status?.pending ?? null,
    running: status?.running ?? null,
    lastError: status?.lastError ?? null,
  }));
}

/** The themes fields of the analytics subgraph (docs/THEMES.md). */
export const themeResolvers = {
  Query: (
    answer: Answer,
    need: () => AnalyticsServices,
  ): Pick<QueryResolvers<unknown>, 'networkThemes' | 'themeOutcome' | 'emergingPhrases' | 'themeCodingProgress'> => ({
    networkThemes: (_root, args, context) =>
      answer('Query.networkThemes', context, async (caller, coverage) => {
        const source = need().releases.read.source(caller, args.release);
        if (!source.live) {
          const released = await need().themes.releasedThemes(args, (code, version) =>
            need().releases.read.indicator(caller, { code, version, period: args.period, by: args.by, compareTo: args.compareTo }, source.release),
          );
          return { ...released, release: released.themes[0].figures.release, themes: released.themes.map((t) => ({ ...t, figures: tables(t.figures) })) };
        }
        const result = await need().themes.networkThemes(caller, args, coverage);
        return { ...result, release: null, themes: result.themes.map((t) => ({ ...t, figures: tables({ ...t.figures, release: null }) })) };
      }),
    themeOutcome: (_root, args, context) =>
      answer('Query.themeOutcome', context, async (caller, coverage) => {
        const result = await need().themes.themeOutcome(caller, args, coverage);
        return {
          theme: result.theme,
          mentioning: tables({ ...result.mentioning, release: null }),
          notMentioning: tables({ ...result.notMentioning, release: null }),
        };
      }),
    emergingPhrases: (_root, args, context) =>
      answer('Query.emergingPhrases', context, async (_caller, coverage) => {
        const result = await need().themes.emergingPhrases(args, coverage);
        const { registry: _registry, ...summary } = coverage.summary();
        return { ...result, coverage: summary };
      }),
    themeCodingProgress: (_root, args, context) =>
      answer('Query.themeCodingProgress', context, async (_caller, coverage) =>
        flatCoding(await need().themes.progress(args.codebook, args.version, coverage)),
      ),
  }),
  Mutation: (answer: Answer, need: () => AnalyticsServices): Pick<MutationResolvers<unknown>, 'installCodebook'> => ({
    installCodebook: (_root, args, context) =>
      answer('Mutation.installCodebook', context, async (_caller, coverage) =>
        flatCoding(await need().themes.install(args.code, args.version ?? null, coverage)),
      ),
  }),
};
