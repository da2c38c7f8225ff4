import { useEffect, useState } from 'react';
import { GatewayError, request } from '../api/client';
import { useDashboard } from '../context';
import { ErrorBox } from '../ui/components';

interface Approval {
  id: string;
  status: 'RUNNING' | 'APPROVED' | 'FAILED' | string;
  figuresDone: number;
  figuresTotal: number;
  auditing: boolean;
  error: string | null;
  release: { id: string; approvedAt: string } | null;
}

/**
 * The backbone approves the program year shown for funders: the figures are computed once, audited
 * for disclosure as one publication and stored. Approval takes minutes; its progress is polled.
 */
export function ReleaseControl() {
  const { viewer, releases, year, refreshReleases } = useDashboard();
  const [approval, setApproval] = useState<Approval | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const current = releases.find((r) => r.period === `PY${year}` && !r.supersededBy);
  useEffect(() => {
    if (approval?.status !== 'RUNNING') return;
    const timer = setTimeout(() => {
      request<{ releaseApproval: Approval }>(viewer.token, 'ReleaseApproval', { id: approval.id })
        .then(({ releaseApproval }) => {
          setApproval(releaseApproval);
          if (releaseApproval.status === 'APPROVED') refreshReleases();
        })
        .catch(setError);
    }, 2_000);
    return () => clearTimeout(timer);
  }, [approval, viewer.token, refreshReleases]);
  const approve = () => {
    setError(undefined);
    const note = current ? window.prompt(`PY${year} was released before (${current.id}). Why release it again?`) : undefined;
    if (current && !note) return;
    request<{ approveRelease: Approval }>(viewer.token, 'ApproveRelease', { period: { programYear: year }, note })
      .then(({ approveRelease }) => setApproval({ ...approveRelease, figuresDone: 0, figuresTotal: 0, auditing: false, error: null, release: null }))
      .catch(setError);
  };
  const running = approval?.status === 'RUNNING';
  return (
    <section className="release-control" aria-label="Release for funders">
      <p>
        {current ? (
          <>
            Funders read release <code>{current.id}</code> of PY{year}.
          </>
        ) : (
          <>PY{year} has not been released to funders.</>
        )}{' '}
        <button type="button" onClick={approve} disabled={running}>
          {current ? `Release PY${year} again` : `Approve PY${year} for funders`}
        </button>
      </p>
      {approval && <ApprovalProgress approval={approval} />}
      {error && !(error instanceof GatewayError && error.signInAgain) && <ErrorBox error={error} />}
    </section>
  );
}

function ApprovalProgress({ approval }: { approval: Approval }) {
  if (approval.status === 'FAILED')
    return (
      <p className="error" role="alert">
        Approval failed; nothing was published. {approval.error}
      </p>
    );
  if (approval.status === 'APPROVED')
    return (
      <p className="notice" role="status" data-testid="approval-done">
        Approved: release <code>{approval.release?.id ?? approval.id}</code>.
      </p>
    );
  const label = approval.auditing
    ? 'Auditing the release for disclosure (this may take minutes)…'
    : `Computing figures: ${approval.figuresDone} of ${approval.figuresTotal || '?'}`;
  return (
    <p role="status" aria-live="polite">
      <label>
        {label} <progress max={approval.figuresTotal || 1} value={approval.auditing ? undefined : approval.figuresDone} />
      </label>
    </p>
  );
}
