import type { Coverage, DisclosureInfo, ReleaseInfo } from '../context';
import { useDashboard, partnerName } from '../context';

/** Which release the figures come from, or that they are live. */
export function SourceLine({ release }: { release?: ReleaseInfo | null }) {
  if (!release)
    return (
      <p className="source" data-testid="source">
        Live figures, computed now.
      </p>
    );
  return (
    <p className="source" data-testid="source">
      Release <code data-testid="release-id">{release.id}</code> of {release.period}, approved{' '}
      {new Date(release.approvedAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}
      {release.forced && ' (approved while a partner was missing)'}.
    </p>
  );
}

/** Said whenever a partner did not answer: the figures leave its people out. */
export function CoverageBanner({ coverage }: { coverage?: Coverage }) {
  const { catalogue } = useDashboard();
  if (!coverage || coverage.missing.length === 0) return null;
  return (
    <div className="coverage" role="alert" data-testid="coverage-banner">
      <strong>
        Partial coverage: {coverage.partnersAnswered} of {coverage.partnersAsked} partners answered.
      </strong>{' '}
      Missing: {coverage.missing.map((m) => `${partnerName(catalogue, m.partnerId)} (${m.reason})`).join('; ')}. Their people are not in these figures.
    </div>
  );
}

/** Every distinct missing partner across several figures' coverage. */
export function mergeCoverage(coverages: Array<Coverage | undefined>): Coverage | undefined {
  const known = coverages.filter((c): c is Coverage => !!c);
  if (known.length === 0) return undefined;
  const missing = new Map<string, { partnerId: string; reason: string }>();
  for (const c of known) for (const m of c.missing) missing.set(m.partnerId, m);
  const asked = Math.max(...known.map((c) => c.partnersAsked));
  return { partnersAsked: asked, partnersAnswered: asked - missing.size, missing: [...missing.values()] };
}

/** The notes every downloaded file carries. */
export function sourceNotes(release: ReleaseInfo | null | undefined, definition: string, disclosure?: DisclosureInfo) {
  return [
    definition,
    release ? `Release ${release.id} of ${release.period}, approved ${release.approvedAt}` : `Live figures, computed ${new Date().toISOString()}`,
    disclosure?.applied
      ? `Disclosure control: cells counting fewer than ${disclosure.minimumCellSize} people are suppressed, and so are figures that would let a reader narrow a suppressed count to within ${disclosure.protection ?? '?'} of its value. "suppressed" marks them; it never means zero.`
      : 'No disclosure control applied (backbone view): small cells are shown.',
  ];
}
