import { badInput, DomainError, describeForLog, ErrorCode } from '@coalition/shared';
import { forbidden, type Caller } from '@coalition/shared/auth';
import type { IndicatorArgs, IndicatorEngine } from '../analytics/engine';
import type { ServiceClient } from '../analytics/service-client';
import type { PartnerEntry } from '../fanout/partner-directory';
import { PartnerChangesSinceDocument } from '../upstream/generated/partner';
import { Coverage } from '../coverage';
import type { PathwayEngine } from '../analytics/pathways/engine';
import { auditRelease, funnelFigure, indicatorFigure, prePostFigure, type AuditedFigure } from './audit';
import type { FigureAuditor } from '../analytics/suppression-pool';
import {
  RELEASE_AUDITOR,
  computeFunnel,
  computeIndicator,
  withInstalledCodebooks,
  computePrePost,
  linkageVersion,
  partnerVersions,
  refuseMissing,
  releaseCatalogue,
  releasePeriod,
  type ReleaseCatalogue,
  type ReleasePeriod,
  type VersionVector,
} from './approve';
import type { ReleaseContent } from './content';
import type { DisclosureRule } from '../analytics/protection/model';
import { ReleaseReader } from './reader';
import { ReleaseStore, type StoredRelease } from './store';
import { ApprovalBoard, type Approval } from './approvals';
import type { AnswerCache } from '../cache';

export type { Approval } from './approvals';

export interface ReleaseServiceOptions {
  client: ServiceClient;
  partners: () => readonly PartnerEntry[];
  /** An indicator engine over the given partners (a forced release leaves out those that did not answer), asking so many at once. */
  indicatorsOver: (partners: () => readonly PartnerEntry[], partnerConcurrency?: number) => IndicatorEngine;
  /** A pathway engine over the given partners, likewise. */
  pathwaysOver: (partners: () => readonly PartnerEntry[], partnerConcurrency?: number) => PathwayEngine;
  /** RELEASE_PARTNER_CONCURRENCY: partners an approval asks at once, so that it leaves room for other users' requests. */
  partnerConcurrency?: number;
  /** k and p of disclosure control, recorded with every release. */
  rule: DisclosureRule;
  /** Where each figure's audit runs (the gateway's worker pool). */
  auditor: FigureAuditor;
  /** FUNDER_LIVE_FIGURES=on: funders may also ask for live, unreleased figures (release: LIVE). */
  fundersSeeLive: boolean;
  log: (message: string) => void;
  /** Where approvals are followed across replicas (a Redis store, with REDIS_URL); default this process only. */
  approvalStore?: AnswerCache | null;
  /** Today's date, YYYY-MM-DD (a test can move it). */
  today?: () => string;
}

/** Who may approve: an admin, or a backbone analyst whose token grants `approve_releases`. */
function mayApprove(caller: Caller): boolean {
  return caller.role === 'admin' || (caller.role === 'backbone_analyst' && (caller.permissions ?? []).includes('approve_releases'));
}

/**
 * Partners an approval asks at once. Every figure of a year at every partner is minutes of work;
 * asked of all partners at once it takes the machine from everyone else (measured at 12 x 50,000:
 * a concurrent person view's p95 went from 21 ms to 306 ms).
 */
export const DEFAULT_RELEASE_PARTNER_CONCURRENCY = 2;

/**
 * Releases: a backbone approves a finished program year; every indicator a funder may be shown
 * for it is computed once, with disclosure control over each indicator's whole protected cube,
 * and stored whole in the registry's database. Funders (and dashboards) read the stored figures
 * through `read` (reader.ts).
 */
export class ReleaseService {
  readonly store: ReleaseStore;
  /** What funders and dashboards read (reader.ts). */
  readonly read: ReleaseReader;
  private readonly approvals: ApprovalBoard;

  constructor(private readonly options: ReleaseServiceOptions) {
    this.store = new ReleaseStore(options.client);
    this.read = new ReleaseReader(this.store, options);
    this.approvals = new ApprovalBoard(options.approvalStore ?? null);
  }

  /**
   * Checks the request and starts the computation; answers at once with the approval to follow
   * (`releaseApproval(id)`): a coalition of 12 partners x 50,000 people takes minutes. Nothing is
   * readable until every figure is stored: a gateway killed half-way leaves a pending release
   * the registry deletes later, never a partial one.
   */
  async approve(caller: Caller, args: { period: IndicatorArgs['period']; note?: string | null; force?: boolean | null }): Promise<Approval> {
    if (!mayApprove(caller)) throw forbidden('Mutation.approveRelease (admins, or backbone analysts granted approve_releases)', caller);
    const period = releasePeriod(args.period, (this.options.today ?? todayUtc)());
    const note = args.note?.trim() || null;
    if (note && note.length > 2000) throw badInput('note', 'is longer than 2000 characters');
    const [existing] = await this.store.list(period.label);
    if (existing && !note) throw badInput('note', `${period.label} already has release ${existing.id}: say why it is released again`);
    const everyone = [...this.options.partners()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const { versions, coverage } = await partnerVersions(this.options.client, everyone);
    refuseMissing(coverage, args.force ?? false);
    const answering = everyone.filter((p) => p.id in versions);
    const [listed, linkage] = await Promise.all([releaseCatalogue(this.options.client), linkageVersion(this.options.client)]);
    const { catalogue, leftOut } = await withInstalledCodebooks(this.options.client, listed, answering);
    if (leftOut.length)
      this.options.log(`release of ${period.label}: no theme figures of ${leftOut.join(', ')}, not installed at every partner (installCodebook)`);
    const vector: VersionVector = {
      linkage,
      partners: versions,
      minimumCellSize: this.options.rule.k,
      protection: this.options.rule.p,
      indicators: Object.fromEntries([...catalogue.indicators, ...catalogue.prePost].map((i) => [i.code, i.version])),
      pathways: Object.fromEntries(catalogue.funnels.map((p) => [p.code, p.version])),
    };
    const pending = await this.store.begin({
      periodLabel: period.label,
      period: { programYear: period.programYear },
      note,
      approvedBy: caller.subject,
      versionVector: vector as unknown as Record<string, unknown>,
      coverage,
      forced: coverage.missing.length > 0,
    });
    const total = catalogue.indicators.length + catalogue.funnels.length + catalogue.prePost.length;
    const approval: Approval = {
      id: pending.id,
      period: period.label,
      status: 'RUNNING',
      figuresDone: 0,
      figuresTotal: total,
      auditing: false,
      error: null,
      release: null,
    };
    this.approvals.keep(approval);
    void this.run(approval, async () => this.store.commit(approval.id, await this.compute(approval, catalogue, period, () => answering)));
    return approval;
  }

  /** Every figure of the release, one after another (other requests are served meanwhile), with progress. */
  private async compute(
    approval: Approval,
    catalogue: ReleaseCatalogue,
    period: ReleasePeriod,
    answering: () => readonly PartnerEntry[],
  ): Promise<ReleaseContent> {
    const concurrency = this.options.partnerConcurrency ?? DEFAULT_RELEASE_PARTNER_CONCURRENCY;
    const [indicators, pathways] = [this.options.indicatorsOver(answering, concurrency), this.options.pathwaysOver(answering, concurrency)];
    const done = <T>(figure: T): T => {
      approval.figuresDone += 1;
      this.approvals.publish(approval);
      this.options.log(`release ${approval.id} (${period.label}): ${approval.figuresDone} of ${approval.figuresTotal} figures computed`);
      return figure;
    };
    const content: ReleaseContent = {
      format: 1,
      periodLabel: period.label,
      programYear: period.programYear,
      minimumCellSize: this.options.rule.k,
      protection: this.options.rule.p,
      indicators: [],
      funnels: [],
      prePost: [],
    };
    // Each figure twice: as released, and as computed (the partners' answers are cached, so the
    // second costs no partner query); the audit compares the two and keeps only the first.
    const audited: AuditedFigure[] = [];
    for (const item of catalogue.indicators) {
      const released = done(await computeIndicator(indicators, item, period));
      content.indicators.push(released);
      audited.push(indicatorFigure(released, await computeIndicator(indicators, item, period, RELEASE_AUDITOR)));
    }
    for (const item of catalogue.funnels) {
      const released = done(await computeFunnel(pathways, item, period));
      content.funnels!.push(released);
      audited.push(funnelFigure(released, await computeFunnel(pathways, item, period, RELEASE_AUDITOR)));
    }
    for (const item of catalogue.prePost) {
      const released = done(await computePrePost(pathways, item, period));
      content.prePost!.push(released);
      audited.push(prePostFigure(released, await computePrePost(pathways, item, period, RELEASE_AUDITOR)));
    }
    approval.auditing = true;
    this.approvals.publish(approval);
    this.options.log(`release ${approval.id} (${period.label}): auditing ${audited.length} figures for every reader`);
    const audit = await auditRelease(audited, this.options.rule, (model, status, attackers, rule) =>
      this.options.auditor.audit(model, status, attackers, rule),
    ).finally(() => {
      // Audited (or failed): storing follows, and `auditing` says only what is under way.
      approval.auditing = false;
    });
    this.options.log(`release ${approval.id} (${period.label}): audit done in ${audit.seconds} s, ${audit.exposures.length} exposures`);
    if (audit.exposures.length) {
      const first = audit.exposures.slice(0, 5).map((e) => `${e.figure} ${e.table} ${e.cell} (${e.attacker})`);
      throw new DomainError(
        ErrorCode.INTERNAL_SERVER_ERROR,
        `The release failed its disclosure audit: ${audit.exposures.length} small cells could be narrowed below the protection level, e.g. ${first.join('; ')}. Nothing was published.`,
      );
    }
    content.audit = audit;
    return content;
  }

  /** An approval, as this replica runs it or as the replica running it last said (with REDIS_URL). */
  approval(id: string): Promise<Approval> {
    return this.approvals.get(id);
  }

  /** Stops the approvals' heartbeat. */
  close(): void {
    this.approvals.close();
  }

  private async run(approval: Approval, work: () => Promise<StoredRelease>): Promise<void> {
    const started = Date.now();
    try {
      approval.release = await work();
      approval.status = 'APPROVED';
      this.options.log(`release ${approval.id} (${approval.period}) approved in ${Date.now() - started} ms, ${approval.release.sizeBytes} bytes stored`);
    } catch (error) {
      approval.status = 'FAILED';
      approval.error = error instanceof DomainError ? error.message : 'the release could not be computed or stored; nothing was published';
      this.options.log(`release ${approval.id} (${approval.period}) failed, nothing published: ${describeForLog(error)}`);
    } finally {
      this.approvals.publish(approval);
    }
  }

  /**
   * Partners whose records changed since the release was approved (how many, from each
   * partner's change log), partners that did not answer, and partners the release left out.
   */
  async revisions(release: StoredRelease): Promise<Revision[]> {
    const vector = release.versionVector as unknown as VersionVector;
    const coverage = new Coverage();
    const partners = [...this.options.partners()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const found = await Promise.all(
      partners.map(async (partner): Promise<Revision | null> => {
        const version = vector.partners[partner.id];
        if (version === undefined) return { partnerId: partner.id, status: 'NOT_IN_RELEASE', records: null, truncated: false };
        const data = await this.options.client.partner(partner, PartnerChangesSinceDocument, { partnerId: partner.id, version }, coverage);
        if (!data) return { partnerId: partner.id, status: 'UNAVAILABLE', records: null, truncated: false };
        const changes = data.changesSince;
        if (changes.version === version) return null;
        return { partnerId: partner.id, status: 'REVISED', records: changes.records ?? null, truncated: changes.truncated };
      }),
    );
    return found.filter((r): r is Revision => r !== null);
  }
}

export interface Revision {
  partnerId: string;
  status: 'REVISED' | 'UNAVAILABLE' | 'NOT_IN_RELEASE';
  /** Records changed since approval; null when unknown (a partner in views mode keeps no change log). */
  records: number | null;
  truncated: boolean;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);
