import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { DIMENSIONS, DomainError, INDICATOR_KIND_CODES, listOf } from '@coalition/shared';
import { forbidden, type Caller } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';
import type { IndicatorEngine } from './engine';
import type { Resolvers } from './generated/resolvers';
import type { PathwayEngine } from './pathways/engine';
import { personPathway } from './pathways/person';
import { PATHWAY_QUERIES, PATHWAY_SDL } from './pathways/schema';
import type { ServiceClient } from './service-client';
import { RELEASE_MUTATIONS, RELEASE_QUERIES, RELEASE_SDL } from '../releases/schema';
import type { ReleaseService } from '../releases/service';
import { releaseResolvers } from '../releases/resolvers';
import type { PartnerEntry } from '../fanout/partner-directory';
import type { ThemeEngine } from './themes/engine';
import { THEMES_MUTATIONS, THEMES_QUERIES, THEMES_SDL } from './themes/schema';
import { themeResolvers } from './themes/resolvers';
import { tables } from './result-tables';

/**
 * The gateway's own subgraph: network indicators computed from the partners' cells, after the
 * merge, with disclosure control. It runs inside the gateway (no hop) and is composed into the
 * supergraph like any other subgraph.
 */
export const ANALYTICS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable", "@key"])

enum Dimension { ${DIMENSIONS.join(' ')} }

"Why a figure is not shown. PROTECTED: it counts fewer than k people, or showing it would let someone narrow down one that does (docs/INDICATORS.md, disclosure control); which of the two is not said, since that too would narrow it. TABLE_WITHHELD: the whole table could not be protected."
enum SuppressionReason {
  PROTECTED
  TABLE_WITHHELD
  SMALL_CELL @deprecated(reason: "No longer given: a hidden figure is PROTECTED (saying it is small would narrow it down).")
  COMPLEMENTARY @deprecated(reason: "No longer given: a hidden figure is PROTECTED.")
}

"One period of an indicator: a program year (1 July to 30 June), a calendar quarter, an enrollment cohort, or from and to (inclusive, YYYY-MM-DD). Exactly one form. Funders and partner staff: program years only."
input IndicatorPeriod {
  programYear: Int
  quarter: String
  cohort: String
  from: String
  to: String
}

"A figure for one cell and period. Suppressed: every number is null and suppression says why."
type IndicatorFigure {
  "People (or records, see countUnit) in the cell's population; 0 is shown."
  people: Int
  "RATE: how many of them meet the numerator."
  numerator: Int
  "The indicator's value: a percentage for a RATE, the count for a COUNT, the median or mean for a MEDIAN or MEAN. Null when the population is empty."
  value: Float
  suppressed: Boolean!
  suppression: SuppressionReason
}

type IndicatorCellValue {
  dimension: Dimension!
  value: String!
}

type IndicatorCell {
  "Canonical key of the dimension values, e.g. PARTNER=a|SEX=FEMALE; empty for the total."
  key: String!
  values: [IndicatorCellValue!]!
  current: IndicatorFigure!
  "The same cell in the comparison period, when compareTo is given."
  previous: IndicatorFigure
  "current.value minus previous.value, when both are shown."
  change: Float
}

type IndicatorTable {
  dimensions: [Dimension!]!
  cells: [IndicatorCell!]!
}

type DisclosureControl {
  "False for the backbone, who sees every figure."
  applied: Boolean!
  "k: cells counting 1 to k-1 are suppressed."
  minimumCellSize: Int
  "p: no reader can narrow a hidden count to within p of its true value from everything published (docs/INDICATORS.md). Null for the backbone, and in releases approved before it was recorded."
  protection: Int
  "The dimensions suppression was decided over, once for every query of the period."
  cubeDimensions: [Dimension!]
}

type IndicatorMissingPartner {
  partnerId: ID!
  reason: String!
}

type IndicatorCoverage {
  partnersAsked: Int!
  partnersAnswered: Int!
  missing: [IndicatorMissingPartner!]!
}

type NetworkIndicator {
  code: String!
  "The definition version that produced every figure here."
  version: Int!
  name: String!
  "${listOf(INDICATOR_KIND_CODES)}."
  kind: String!
  unit: String!
  "PEOPLE (a person linked at several partners counts once) or RECORDS."
  countUnit: String!
  period: String!
  comparisonPeriod: String
  dimensions: [Dimension!]!
  disclosureControl: DisclosureControl!
  "The cells by every dimension asked for."
  cells: [IndicatorCell!]!
  "The grand total."
  total: IndicatorCell!
  "Every margin between: by each dimension alone, each pair, and so on."
  margins: [IndicatorTable!]!
  coverage: IndicatorCoverage!
  "The release every figure here comes from; null for live figures."
  release: Release
}

${PATHWAY_SDL}
${RELEASE_SDL}
${THEMES_SDL}
type Query {
${PATHWAY_QUERIES}
${RELEASE_QUERIES}
${THEMES_QUERIES}
  "An indicator for the whole network, by up to 4 dimensions, optionally against a comparison period. Figures for roles other than the backbone pass disclosure control. release: LATEST (the newest approved release of the period), a release id, or LIVE (computed now); funders read LATEST unless they name a release, everyone else LIVE."
  networkIndicator(code: String!, version: Int, period: IndicatorPeriod!, by: [Dimension!] = [], compareTo: IndicatorPeriod, release: String): NetworkIndicator
}

type Mutation {
${RELEASE_MUTATIONS}
${THEMES_MUTATIONS}
}
`;

interface AnalyticsContext {
  caller?: Caller | null;
  coverage: Coverage;
}

export interface AnalyticsServices {
  indicators: IndicatorEngine;
  pathways: PathwayEngine;
  client: ServiceClient;
  partners: () => readonly PartnerEntry[];
  releases: ReleaseService;
  themes: ThemeEngine;
}

/** Runs a resolver for a signed-in caller; domain errors keep their code (the gateway would otherwise say DOWNSTREAM_SERVICE_ERROR). */
async function answer<T>(field: string, contextValue: unknown, run: (caller: Caller, coverage: Coverage) => Promise<T>): Promise<T> {
  const context = contextValue as AnalyticsContext;
  if (!context.caller) {
    const refusal = forbidden(field, undefined);
    throw new GraphQLError(refusal.message, { extensions: { code: refusal.code } });
  }
  try {
    return await run(context.caller, context.coverage);
  } catch (error) {
    if (error instanceof DomainError) throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
    throw error;
  }
}

export function buildAnalyticsSchema(services: AnalyticsServices | null): GraphQLSchema {
  const need = () => {
    if (!services) throw new Error('analytics engine not configured');
    return services;
  };
  // Typed from the SDL (gateway/codegen.ts): a result type that no longer matches its SDL type fails the type-check.
  const resolvers: Resolvers<unknown> = {
    Query: {
      networkIndicator: (_root, args, context) =>
        answer('Query.networkIndicator', context, async (caller, coverage) => {
          const source = need().releases.read.source(caller, args.release);
          if (!source.live) return tables(await need().releases.read.indicator(caller, args, source.release));
          return tables({ ...(await need().indicators.compute(caller, args, coverage)), release: null });
        }),
      ...releaseResolvers.Query(
        (field, context, run) => answer(field, context, run),
        () => need().releases,
      ),
      ...themeResolvers.Query((field, context, run) => answer(field, context, run), need),
      pathwayFunnel: (_root, args, context) =>
        answer('Query.pathwayFunnel', context, async (caller, coverage) => {
          const source = need().releases.read.source(caller, args.release);
          // Releases made before funnels could be withheld whole say nothing of it: they were not.
          if (!source.live) return tables({ withheld: false, ...(await need().releases.read.funnel(caller, args, source.release)) } as const);
          return tables({ withheld: false, ...(await need().pathways.funnel(caller, args, coverage)), release: null });
        }),
      prePostChange: (_root, args, context) =>
        answer('Query.prePostChange', context, async (caller, coverage) => {
          const source = need().releases.read.source(caller, args.release);
          if (!source.live) return tables(await need().releases.read.prePost(caller, args, source.release));
          return tables({ ...(await need().pathways.prePost(caller, args, coverage)), release: null });
        }),
    },
    Mutation: {
      ...releaseResolvers.Mutation(
        (field, context, run) => answer(field, context, run),
        () => need().releases,
      ),
      ...themeResolvers.Mutation((field, context, run) => answer(field, context, run), need),
    },
    Release: releaseResolvers.Release(() => need().releases),
    Stakeholder: {
      __resolveReference: (reference) => ({ gsid: reference.gsid }),
      pathway: (stakeholder, _args, context) =>
        answer('Stakeholder.pathway', context, (caller, coverage) => personPathway(caller, stakeholder.gsid, need().client, need().partners(), coverage)),
    },
  };
  return buildSubgraphSchema({ typeDefs: parse(ANALYTICS_SDL), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
