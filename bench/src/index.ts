export { importScenario, type ScenarioResult } from './import-scenario';
export { summarize } from './stats';
export { linkageScenario, type LinkageScenarioResult, type LinkageScenarioOptions } from './linkage-scenario';
