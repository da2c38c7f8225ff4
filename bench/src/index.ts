export { importScenario, type ScenarioResult } from './import-scenario';
export { summarize } from './stats';
