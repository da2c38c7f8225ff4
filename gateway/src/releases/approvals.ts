import { DomainError, ErrorCode } from '@coalition/shared';
import type { AnswerCache } from '../cache';
import type { StoredRelease } from './store';

/** An approval in progress in one gateway (or analytics) replica, or finished: what `releaseApproval` answers. */
export interface Approval {
  id: string;
  /** The program year, e.g. PY2024. */
  period: string;
  status: 'RUNNING' | 'APPROVED' | 'FAILED';
  figuresDone: number;
  figuresTotal: number;
  /** Every figure is computed; the release is being audited as one publication. */
  auditing: boolean;
  error: string | null;
  release: StoredRelease | null;
  /** When the replica running it last said it was alive (ms since the epoch). */
  updatedAt?: number;
}

const APPROVALS_KEPT = 50;
/** How often a running approval tells the other replicas it is alive. */
export const APPROVAL_HEARTBEAT_MS = 5_000;
/** A running approval not heard of for this long ran on a replica that stopped: it is reported FAILED. */
export const APPROVAL_LOST_MS = 30_000;

/**
 * Where approvals are followed. An approval runs in the replica that started it, for minutes;
 * behind a load balancer the analyst's `releaseApproval` polls reach any replica. So each change,
 * and a heartbeat while it runs, is also written to the shared store (Redis, REDIS_URL), where the
 * other replicas read it. A replica that dies half-way leaves a RUNNING entry nobody updates:
 * after APPROVAL_LOST_MS it reads as FAILED, and the registry drops the pending release (nothing
 * half-written is ever readable). Without a shared store, approvals are this process's alone.
 */
export class ApprovalBoard {
  private readonly local = new Map<string, Approval>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly shared: AnswerCache | null,
    private readonly now: () => number = Date.now,
  ) {
    this.heartbeat = setInterval(() => {
      for (const approval of this.local.values()) if (approval.status === 'RUNNING') this.publish(approval);
    }, APPROVAL_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Follows an approval this replica runs; the newest APPROVALS_KEPT are kept here. */
  keep(approval: Approval): void {
    this.local.set(approval.id, approval);
    if (this.local.size > APPROVALS_KEPT) this.local.delete(this.local.keys().next().value!);
    this.publish(approval);
  }

  /** Tells the other replicas how an approval stands (after every change; a failed write only delays what they see). */
  publish(approval: Approval): void {
    approval.updatedAt = this.now();
    void this.shared?.set(approval.id, approval);
  }

  /** The approval as this replica runs it, or as the replica running it last said; NOT_FOUND otherwise. */
  async get(id: string): Promise<Approval> {
    const found = this.local.get(id) ?? (await this.shared?.get<Approval>(id));
    if (!found) {
      const where = this.shared
        ? 'in any gateway replica sharing this Redis'
        : 'in this gateway (approvals are followed in the process that runs them unless REDIS_URL is set)';
      throw new DomainError(ErrorCode.NOT_FOUND, `id: no approval ${id} is running or finished ${where}`, { field: 'id' });
    }
    if (found.status === 'RUNNING' && !this.local.has(id) && this.now() - (found.updatedAt ?? 0) > APPROVAL_LOST_MS) {
      return {
        ...found,
        status: 'FAILED',
        error: `the replica running this approval stopped answering ${Math.round((this.now() - (found.updatedAt ?? 0)) / 1000)} s ago; nothing was published: approve again`,
      };
    }
    return found;
  }

  close(): void {
    clearInterval(this.heartbeat);
  }
}
