export { importScenario, type ScenarioResult } from './import-scenario';
export { summarize } from './stats';
export { linkageScenario, type LinkageScenarioResult, type LinkageScenarioOptions } from './linkage-scenario';
export { linkageAccuracyScenario, printLinkageAccuracy, type LinkageAccuracyRow } from './linkage-accuracy';
export { coalitionScenarios, type CoalitionScenarioOptions } from './coalition-scenarios';
export { scalingScenario, type ScalingOptions } from './scaling-scenario';
export { assignPeople, benchGsid, partnerRows, GENERATOR_VERSION, type Assignment, type ScaleOptions } from './coalition/generate';
export { ensureDataset, datasetName, type Dataset } from './coalition/dataset';
export { parseBenchArgs, SCENARIOS } from './args';
