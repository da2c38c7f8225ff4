/** The themes part of the analytics subgraph (composed with ANALYTICS_SDL's shared types and PATHWAY_SDL's Wave). */
export const THEMES_SDL = `
"A theme of a codebook across the network: of the people whose answer of the wave was coded under the codebook version (people), those whose answer carries the theme (numerator), and their share (value, a percent). A person answering at several partners counts once. Disclosure control as for indicators."
type NetworkTheme {
  code: String!
  label: String!
  "BARRIER or HELP."
  kind: String!
  figures: NetworkIndicator!
}

type NetworkThemes {
  codebook: String!
  "The codebook version every figure here was coded under."
  version: Int!
  wave: Wave!
  themes: [NetworkTheme!]!
  "The release every figure here comes from; null for live figures."
  release: Release
}

"An indicator among the people who mention a theme, and among the people who answered without mentioning it."
type ThemeOutcome {
  theme: String!
  mentioning: NetworkIndicator!
  notMentioning: NetworkIndicator!
}

type EmergingPhrase {
  "Lemmatised, lower case, scrubbed of names, numbers, e-mails and addresses at the partner."
  phrase: String!
  "People who used it, summed over partners (a person answering at two partners may count twice)."
  people: Int!
  partners: Int!
}

type EmergingPhrases {
  codebook: String!
  version: Int!
  "Shown: phrases at least this many people used, at two or more partners."
  minPeople: Int!
  phrases: [EmergingPhrase!]!
  coverage: IndicatorCoverage!
}

"How far one partner's coding of a codebook version has come: counts only."
type PartnerThemeCoding {
  partnerId: ID!
  coderId: String
  answers: Int
  coded: Int
  refused: Int
  "Figures of the version wait at this partner until none is pending."
  pending: Int
  running: Boolean
  lastError: String
  "Why the partner did not answer, when it did not."
  unavailable: String
}
`;

export const THEMES_QUERIES = `
  "Themes of a codebook version across the network (docs/THEMES.md): for each theme, people mentioning it among the people who answered in the wave, by up to 4 dimensions. Only counts leave partners; figures for roles other than the backbone pass disclosure control. A partner still coding the version drops out of the coverage, saying so. release: as networkIndicator's (a release holds each codebook's newest version, intake and exit)."
  networkThemes(codebook: String!, version: Int, wave: Wave = EXIT, period: IndicatorPeriod!, by: [Dimension!] = [], compareTo: IndicatorPeriod, release: String): NetworkThemes
  "An indicator (e.g. EMP_Q2) among the people who mention a theme and among those who answered without mentioning it, with their counts. Backbone only."
  themeOutcome(codebook: String!, version: Int, wave: Wave = EXIT, theme: String!, indicator: String!, indicatorVersion: Int, period: IndicatorPeriod!, by: [Dimension!] = []): ThemeOutcome
  "Frequent phrases the codebook does not cover, shown when at least minPeople people (default k) at two or more partners used them. Backbone only."
  emergingPhrases(codebook: String!, version: Int, wave: Wave = EXIT, period: IndicatorPeriod!, minPeople: Int): EmergingPhrases
  "How far every partner's coding of a codebook version has come."
  themeCodingProgress(codebook: String!, version: Int!): [PartnerThemeCoding!]!
`;

export const THEMES_MUTATIONS = `
  "Gives every partner a codebook version from the registry (the latest unless version is given); each codes its answers in the background, idempotently. Follow it with themeCodingProgress."
  installCodebook(code: String!, version: Int): [PartnerThemeCoding!]!
`;
