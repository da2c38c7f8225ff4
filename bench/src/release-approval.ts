import type { RunningCoalition } from './coalition/services';
import { PERSON_QUERY } from './person-scenario';
import { summarize } from './stats';
import { graphql, timed } from './timing';

const AUDIT_FIELDS = 'audit { seconds figures informationLoss { role cells cellsSuppressed people peopleInSuppressedCells } }';
const APPROVAL_FIELDS = `id status figuresDone figuresTotal error release { id sizeBytes figureCount ${AUDIT_FIELDS} }`;

const APPROVE = `mutation ApproveRelease($period: IndicatorPeriod!, $note: String) {
  approveRelease(period: $period, note: $note) { ${APPROVAL_FIELDS} }
}`;

const APPROVAL = `query ReleaseApproval($id: ID!) { releaseApproval(id: $id) { ${APPROVAL_FIELDS} } }`;

interface ApprovalAnswer {
  id: string;
  status: 'RUNNING' | 'APPROVED' | 'FAILED';
  figuresDone: number;
  figuresTotal: number;
  error: string | null;
  release: { id: string; sizeBytes: number; figureCount: number; audit: ReleaseAudit | null } | null;
}

/** What the release's disclosure audit took, and what disclosure control costs each role. */
export interface ReleaseAudit {
  seconds: number;
  figures: number;
  informationLoss: Array<{ role: string; cells: number; cellsSuppressed: number; people: number; peopleInSuppressedCells: number }>;
}

/** One program year approved: from the mutation to the poll that saw it APPROVED. */
export interface ReleaseTiming {
  programYear: number;
  releaseId: string;
  ms: number;
  /** bytes the registry stores for it (compressed) */
  sizeBytes: number;
  figureCount: number;
  audit: ReleaseAudit | null;
}

/** The same person views, one at a time, with nothing else running and while PY2024 is approved. */
export interface PersonViewsDuringApproval {
  idle: { median: number; p95: number; runs: number };
  during: { median: number; p95: number; runs: number };
  /** p95 during / p95 idle (the target: under 3) */
  p95Ratio: number;
}

export interface ApprovalMeasurement {
  approvals: ReleaseTiming[];
  personViews: PersonViewsDuringApproval;
}

/** Polls often enough that the wall time is not rounded up much; an approval only reads memory to answer. */
const POLL_MS = 50;
/** At full scale an approval takes minutes; one that never ends would hang the bench. */
const APPROVAL_TIMEOUT_MS = 30 * 60_000;
/** Person views measured idle: enough for a p95 that is not just the slowest view. */
const IDLE_VIEWS = 20;
/** A person opening one view after another, not a load generator. */
const THINK_MS = 50;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an approval until it ends; a failed one throws, since the dashboard cannot be measured without its releases. */
async function untilApproved(url: string, headers: Record<string, string>, started: ApprovalAnswer): Promise<ApprovalAnswer> {
  const deadline = Date.now() + APPROVAL_TIMEOUT_MS;
  let approval = started;
  while (approval.status === 'RUNNING') {
    if (Date.now() > deadline) {
      throw new Error(
        `release approval ${approval.id} still running after ${APPROVAL_TIMEOUT_MS / 60_000} minutes (${approval.figuresDone} of ${approval.figuresTotal} figures)`,
      );
    }
    await pause(POLL_MS);
    approval = (await graphql<{ releaseApproval: ApprovalAnswer }>(url, APPROVAL, { id: approval.id }, headers)).releaseApproval;
  }
  if (approval.status === 'FAILED' || !approval.release) throw new Error(`release approval ${approval.id} failed: ${approval.error ?? 'no release'}`);
  return approval;
}

/**
 * Approves one program year through the gateway and waits for it. A cached dataset may already
 * hold a release of the year from an earlier run, and releasing a year again needs a note, so
 * every approval carries one.
 */
export async function approveRelease(coalition: RunningCoalition, programYear: number, onStarted?: () => void): Promise<ReleaseTiming> {
  const headers = { authorization: `Bearer ${coalition.token({ role: 'backbone_analyst', permissions: ['approve_releases'] })}` };
  const variables = { period: { programYear }, note: `benchmark run ${new Date().toISOString()}` };
  const { ms, result } = await timed(async () => {
    const started = (await graphql<{ approveRelease: ApprovalAnswer }>(coalition.gatewayUrl, APPROVE, variables, headers)).approveRelease;
    onStarted?.();
    return untilApproved(coalition.gatewayUrl, headers, started);
  });
  const release = result.release!;
  return { programYear, releaseId: release.id, ms, sizeBytes: release.sizeBytes, figureCount: release.figureCount, audit: release.audit };
}

/** Views people one after another (as the backbone analyst of scenario 3) until `more` says stop; at least one. */
async function viewPeople(coalition: RunningCoalition, people: readonly string[], more: (done: number) => boolean): Promise<number[]> {
  const headers = { authorization: `Bearer ${coalition.token({ role: 'backbone_analyst' })}` };
  const ms: number[] = [];
  do {
    const gsid = people[ms.length % people.length];
    ms.push((await timed(() => graphql(coalition.gatewayUrl, PERSON_QUERY, { gsid }, headers))).ms);
    await pause(THINK_MS);
  } while (more(ms.length));
  return ms;
}

/**
 * Approves PY2023, then PY2024 while a person views people one after another, against the same
 * views with nothing else running: an approval computes every indicator over every partner, and
 * should not make the backbone's everyday questions wait (target: p95 under 3x idle).
 */
export async function approveDashboardReleases(coalition: RunningCoalition, people: readonly string[]): Promise<ApprovalMeasurement> {
  if (!people.length) throw new Error('release approval: no people to view while approving (the dataset has nobody at two partners)');
  // One unmeasured view first: the first request of each process compiles its code paths.
  await viewPeople(coalition, people, () => false);
  const idle = await viewPeople(coalition, people, (done) => done < IDLE_VIEWS);
  const earlier = await approveRelease(coalition, 2023);
  let running = true;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const approving = approveRelease(coalition, 2024, markStarted).finally(() => {
    running = false;
  });
  // The views start once the gateway has accepted the approval; a refused one throws here.
  await Promise.race([started, approving]);
  const during = await viewPeople(coalition, people, () => running);
  const current = await approving;
  const idleSummary = summarize(idle);
  const duringSummary = summarize(during);
  return {
    approvals: [earlier, current],
    personViews: { idle: idleSummary, during: duringSummary, p95Ratio: duringSummary.p95 / idleSummary.p95 },
  };
}
