/**
 * Every GraphQL operation the dashboard sends, by name. The build (vite.config.ts) hashes each
 * into the persisted query manifest the gateway loads; the browser sends only the hash, so a
 * production gateway may refuse everything else (PERSISTED_ONLY=true). Each operation asks only
 * fields its viewers' roles may read (shared/src/auth/policy.ts), so none is refused as a whole.
 */

const COVERAGE = 'coverage { partnersAsked partnersAnswered missing { partnerId reason } }';
const RELEASE = 'release { id period approvedAt forced }';
const FIGURE = 'people numerator value suppressed suppression';
const DISCLOSURE = 'disclosureControl { applied minimumCellSize protection }';

export const OPERATIONS = {
  Catalogue: `query Catalogue {
  indicators { code version name description kind unit }
  pathways { code version name description stages }
  partners { id name programType status }
}`,

  Releases: `query Releases {
  releases { id period approvedAt forced note figureCount supersededBy ${COVERAGE} }
}`,

  IndicatorTotal: `query IndicatorTotal($code: String!, $period: IndicatorPeriod!, $compareTo: IndicatorPeriod, $release: String) {
  networkIndicator(code: $code, period: $period, compareTo: $compareTo, release: $release) {
    code version name kind unit countUnit period comparisonPeriod
    ${DISCLOSURE}
    total { current { ${FIGURE} } previous { ${FIGURE} } change }
    ${COVERAGE}
    ${RELEASE}
  }
}`,

  IndicatorBreakdown: `query IndicatorBreakdown($code: String!, $period: IndicatorPeriod!, $by: [Dimension!]!, $release: String) {
  networkIndicator(code: $code, period: $period, by: $by, release: $release) {
    code version name kind unit countUnit period dimensions
    ${DISCLOSURE}
    total { current { ${FIGURE} } }
    cells { key values { dimension value } current { ${FIGURE} } }
    ${COVERAGE}
    ${RELEASE}
  }
}`,

  Funnel: `query Funnel($code: String!, $cohort: IndicatorPeriod, $release: String) {
  pathwayFunnel(code: $code, cohort: $cohort, release: $release) {
    code version name stages cohort people withheld
    ${DISCLOSURE}
    total { stages { stage people conversion medianDaysFromPrevious suppressed suppression } }
    transitions { fromStage toStage handoffs { fromPartner toPartner people suppressed suppression } }
    ${COVERAGE}
    ${RELEASE}
  }
}`,

  PartnerHealth: `query PartnerHealth($id: ID!, $from: LocalDate!, $to: LocalDate!, $asOf: LocalDate) {
  partner(id: $id) {
    id name programType status
    dataQuality(from: $from, to: $to, asOf: $asOf) {
      from to participants reportingStatus dueOn latestEntryAt duplicateGroups
      completeness { field present missing refused }
      validity { rule violations }
    }
  }
}`,

  PrePost: `query PrePost($code: String!, $cohort: IndicatorPeriod, $release: String) {
  prePostChange(code: $code, cohort: $cohort, release: $release) {
    code version name unit cohort
    ${DISCLOSURE}
    total { n meanChange medianChange ciLow ciHigh meanBefore meanAfter suppressed suppression }
    ${COVERAGE}
    ${RELEASE}
  }
}`,

  NetworkThemes: `query NetworkThemes($codebook: String!, $version: Int, $wave: Wave, $period: IndicatorPeriod!, $by: [Dimension!], $release: String) {
  networkThemes(codebook: $codebook, version: $version, wave: $wave, period: $period, by: $by, release: $release) {
    codebook version wave
    themes {
      code label kind
      figures {
        code version period dimensions
        ${DISCLOSURE}
        total { current { ${FIGURE} } }
        cells { key values { dimension value } current { ${FIGURE} } }
        ${COVERAGE}
      }
    }
    ${RELEASE}
  }
}`,

  ApproveRelease: `mutation ApproveRelease($period: IndicatorPeriod!, $note: String) {
  approveRelease(period: $period, note: $note) { id status }
}`,

  ReleaseApproval: `query ReleaseApproval($id: ID!) {
  releaseApproval(id: $id) { id status figuresDone figuresTotal auditing error release { id approvedAt } }
}`,
} as const;

export type OperationName = keyof typeof OPERATIONS;
