import type { PersonTruth } from '@coalition/demo';
import { tokens } from './graphql';

/** Questions every way of serving the supergraph must answer alike: our gateway in process, split into services, Hive. */
export const INDICATOR = `query Indicator($by: [Dimension!]) {
  networkIndicator(code: "EMP_Q2", period: { programYear: 2024 }, by: $by, release: "LIVE") {
    code dimensions disclosureControl { applied minimumCellSize }
    cells { key current { people numerator value suppressed suppression } }
    total { key current { people numerator value suppressed } }
    coverage { partnersAsked partnersAnswered missing { partnerId } }
  }
}`;
export const FUNNEL = `{ pathwayFunnel(code: "WORKFORCE", cohort: { programYear: 2024 }, by: [PARTNER], release: "LIVE") {
  stages people disclosureControl { applied } total { key stages { stage people suppressed } } cells { key stages { stage people suppressed } }
} }`;
export const PERSON = `query Person($gsid: ID!) { stakeholder(gsid: $gsid) {
  gsid links { partnerId localId } records { partnerId localId sex stageEvents { stage } }
  pathway { spells { partnerId enrolledOn exitedOn } stagesReached { stage partnerId } }
} }`;

/** [label, query, variables, token]: a network indicator as backbone and funder, a person view, a funnel, two refusals. */
export function federationCases(people: readonly PersonTruth[]): Array<[string, string, Record<string, unknown>, string]> {
  const person = people.find((p) => new Set(p.records.map((r) => r.partnerId)).size >= 2)!;
  return [
    ['indicator, backbone', INDICATOR, { by: ['PARTNER', 'SEX'] }, tokens.backbone()],
    ['indicator, funder (suppressed cells)', INDICATOR, { by: ['PARTNER', 'RACE_GROUP'] }, tokens.funder()],
    ['person view, backbone', PERSON, { gsid: person.gsid }, tokens.backbone()],
    ['person view, staff of one holder', PERSON, { gsid: person.gsid }, tokens.staff(person.records[0].partnerId)],
    ['funnel, funder', FUNNEL, {}, tokens.funder()],
    ['refused: a funder asks for a person', PERSON, { gsid: person.gsid }, tokens.funder()],
    ['refused: funnel by SEX for a funder', FUNNEL.replace('by: [PARTNER]', 'by: [SEX]'), {}, tokens.funder()],
  ];
}

/** What must be the same however the supergraph is served: the data, and each error's code and message. */
export const comparable = (answer: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) => ({
  data: answer.data,
  errors: answer.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })),
});
