export { generateCoalition, DEMO_PARTNERS, AS_OF, type DemoCoalition, type PartnerSpec, type PartnerData, type PersonTruth } from './generate';
export { startCoalition, gatewayKeysIn, DEMO_LINKAGE_SECRET, type Coalition, type CoalitionOptions, type RunningPartner } from './coalition';
export { resolvePostgres, startEmbeddedPostgres, ensureDatabase, dropDatabase, databaseUrl, waitForPostgres, type PostgresServer } from './postgres';
export { seedCodebook, seedPartner, seedRegistry } from './seed';
export { answerStyle, generateAnswer, ANSWER_THEMES, type AnswerStyle, type AnswerTheme } from './answers';
export { sampleQueries, samplePerson } from './samples';
export { generateLinkagePopulation, type LabelledRecord, type PopulationOptions } from './linkage/population';
export {
  evaluateHardCases,
  evaluateLinkage,
  type AnnotatedRecord,
  type HardCaseReport,
  type LinkageAccuracy,
  type PairCounts,
  type ResolvedRecord,
} from './linkage/evaluate';
export {
  CORRUPTIONS,
  generateFakerPopulation,
  RELATIONS,
  type Corruption,
  type FakerLabelledRecord,
  type FakerPopulationOptions,
  type Relation,
} from './linkage/population-faker';
export { encodePopulation, resolveEncoded } from './linkage/resolve';
export { DEMO_AUTH, DEMO_USER_AUTH, mintDemoToken, demoTokens, demoRegistryKey, type DemoClaims } from './auth';
