import { badInput } from '@coalition/shared';
import type { Caller } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';
import type { MutationResolvers, QueryResolvers, ReleaseResolvers } from '../analytics/generated/resolvers';
import { resolvePeriod } from '../analytics/periods';
import type { ReleaseService } from './service';

/** Runs a resolver for a signed-in caller, with domain errors kept (the analytics subgraph's `answer`). */
type Answer = <T>(field: string, context: unknown, run: (caller: Caller, coverage: Coverage) => Promise<T>) => Promise<T>;

/** The release fields of the analytics subgraph; `Release` values are the registry's stored releases (codegen mapper). */
export const releaseResolvers = {
  Query: (answer: Answer, releases: () => ReleaseService): Pick<QueryResolvers<unknown>, 'releases' | 'release' | 'releaseApproval'> => ({
    releases: (_root, args, context) =>
      answer('Query.releases', context, async () => {
        if (!args.period) return releases().store.list(null);
        const period = resolvePeriod(args.period, 'period');
        if (period.kind !== 'PROGRAM_YEAR') throw badInput('period', 'releases are of whole program years: give period: { programYear: N }');
        return releases().store.list(period.resolved.label);
      }),
    release: (_root, args, context) => answer('Query.release', context, () => releases().store.get(args.id)),
    releaseApproval: (_root, args, context) => answer('Query.releaseApproval', context, async () => releases().approval(args.id)),
  }),
  Mutation: (answer: Answer, releases: () => ReleaseService): MutationResolvers<unknown> => ({
    approveRelease: (_root, args, context) => answer('Mutation.approveRelease', context, (caller) => releases().approve(caller, args)),
  }),
  Release: (releases: () => ReleaseService): ReleaseResolvers<unknown> => ({
    period: (release) => release.periodLabel,
    approvedAt: (release) => release.approvedAt ?? release.createdAt,
    figureCount: (release) => release.figureCount ?? 0,
    sizeBytes: (release) => release.sizeBytes ?? 0,
    coverage: (release) => release.coverage as never,
    revisions: (release) => releases().revisions(release),
    audit: async (release) => (await releases().store.content(release)).audit ?? null,
  }),
};
