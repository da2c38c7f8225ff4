/** The release part of the analytics subgraph (composed with ANALYTICS_SDL's shared types). */
export const RELEASE_SDL = `
"An approved release: one program year's figures, computed once with disclosure control over each indicator's whole protected cube, and stored unchanged. A new release of the period supersedes it; both stay readable."
type Release {
  id: ID!
  "The program year, e.g. PY2024."
  period: String!
  "When it was approved (ISO 8601)."
  approvedAt: String!
  "Why it was approved (required when the period is released again)."
  note: String
  "True when partners did not answer and the backbone released anyway; coverage names them."
  forced: Boolean!
  coverage: IndicatorCoverage!
  "How many indicators it holds."
  figureCount: Int!
  "Bytes stored (compressed)."
  sizeBytes: Int!
  "The release of the same period it replaced."
  supersedes: ID
  "The newer release of the same period that replaced it."
  supersededBy: ID
  "Who approved it (the token's subject). Backbone and admins."
  approvedBy: String!
  "Partners whose records changed since approval: the period may need releasing again. Backbone and admins."
  revisions: [ReleaseRevision!]!
  "The disclosure audit the release passed before it was published; null for releases approved before releases were audited."
  audit: ReleaseAudit
}

"A release is audited as one publication before it is published: every small cell of every figure, attacked as a funder of the whole network and as each partner's staff (who know their own people), must stay unnarrowed to within the protection level (docs/INDICATORS.md)."
type ReleaseAudit {
  minimumCellSize: Int!
  protection: Int!
  "The readers it was attacked as: funder, staff:<partner>."
  attackers: [String!]!
  figures: Int!
  seconds: Float!
  "What disclosure control costs each role, over every table of every figure it reads."
  informationLoss: [InformationLoss!]!
}

type InformationLoss {
  "funder (of the whole network) or partner_staff (every partner's staff, added up)."
  role: String!
  "Non-empty cells it reads, and how many of them are hidden."
  cells: Int!
  cellsSuppressed: Int!
  "People summed over those cells (once per table), and how many of them are in hidden cells."
  people: Int!
  peopleInSuppressedCells: Int!
}

"REVISED: records changed since approval. UNAVAILABLE: the partner did not answer now. NOT_IN_RELEASE: the release was approved without it (forced, or it joined later)."
enum RevisionStatus { REVISED UNAVAILABLE NOT_IN_RELEASE }

type ReleaseRevision {
  partnerId: ID!
  status: RevisionStatus!
  "Records added, changed or deleted since approval (null: unknown, e.g. a partner serving views of its own database keeps no change log)."
  records: Int
  "A table was emptied since approval (its records cannot be counted)."
  truncated: Boolean!
}

enum ApprovalStatus { RUNNING APPROVED FAILED }

"An approval as it runs in the gateway that started it: poll releaseApproval(id) until it is APPROVED or FAILED. A failed or interrupted approval publishes nothing."
type ReleaseApproval {
  "The release's id once approved."
  id: ID!
  period: String!
  status: ApprovalStatus!
  figuresDone: Int!
  figuresTotal: Int!
  "Every figure is computed and the release is being audited for disclosure (it may take minutes)."
  auditing: Boolean!
  "Why it failed; nothing was published."
  error: String
  release: Release
}
`;

export const RELEASE_QUERIES = `
  "Approved releases, newest first: of one program year, or of all."
  releases(period: IndicatorPeriod): [Release!]!
  "An approved release by id."
  release(id: ID!): Release
  "An approval started in this gateway, while it runs and after."
  releaseApproval(id: ID!): ReleaseApproval
`;

export const RELEASE_MUTATIONS = `
  "Approves a finished program year: every indicator funders may see for it is computed once and stored as one release. Admins, or backbone analysts granted approve_releases. Refused while a partner does not answer, unless force is true (the release then records its coverage). A period released before needs a note."
  approveRelease(period: IndicatorPeriod!, note: String, force: Boolean = false): ReleaseApproval!
`;
