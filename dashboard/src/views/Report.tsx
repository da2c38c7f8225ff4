import { useEffect, useMemo, useState } from 'react';
import { request } from '../api/client';
import { type Catalogue, type Coverage, type DisclosureInfo, partnerName, type ReleaseInfo, useDashboard } from '../context';
import { downloadXlsx, type ExportTable, SUPPRESSED } from '../export/table';
import { ChartBox, DataTable, ErrorBox, Loading } from '../ui/components';
import { DIMENSION_LABELS, programYearRange } from '../ui/format';
import { type Breakdown, breakdownTable, drawBreakdown, reasons } from './Equity';
import { drawRates, loadHeadline, overviewTable, type Row } from './Overview';
import { drawFunnel, type Funnel, type FunnelAnswer, handoffTables, stageTable } from './Pathways';
import { type Health, type HealthRow, healthTable } from './Partners';
import { sourceNotes } from './shared';

const EQUITY_DIMENSIONS = ['SEX', 'RACE_GROUP', 'AGE_BAND'] as const;

interface PrePost {
  code: string;
  version: number;
  name: string;
  unit: string;
  cohort: string | null;
  disclosureControl: DisclosureInfo;
  total: {
    n: number | null;
    meanChange: number | null;
    medianChange: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    meanBefore: number | null;
    meanAfter: number | null;
    suppressed: boolean;
    suppression: string | null;
  };
  coverage: Coverage;
  release: ReleaseInfo | null;
}

/** Everything the package holds, loaded once; every figure comes from one release (or live, for the backbone). */
interface Package {
  release?: ReleaseInfo;
  year: number;
  headline: Row[];
  equity: Array<{ code: string; by: string; result: NonNullable<Breakdown['networkIndicator']> }>;
  funnels: Funnel[];
  prePost: PrePost[];
  quality?: HealthRow[];
  failures: string[];
}

async function loadPackage(
  token: string,
  catalogue: Catalogue,
  role: string,
  release: ReleaseInfo | undefined,
  year: number,
  releases: ReleaseInfo[],
): Promise<Package> {
  const from = release ? release.id : 'LIVE';
  const failures: string[] = [];
  const attempt = <T,>(what: string, load: Promise<T>) =>
    load.catch((error: Error) => {
      failures.push(`${what}: ${error.message}`);
      return undefined;
    });
  const headline = await loadHeadline(token, catalogue.indicators, year, from, releases);
  const rates = catalogue.indicators.filter((i) => i.kind === 'RATE');
  const equity = (
    await Promise.all(
      rates.flatMap((indicator) =>
        EQUITY_DIMENSIONS.map(async (by) => {
          const answer = await attempt(
            `${indicator.code} by ${by}`,
            request<Breakdown>(token, 'IndicatorBreakdown', { code: indicator.code, period: { programYear: year }, by: [by], release: from }),
          );
          return answer?.networkIndicator ? { code: indicator.code, by, result: answer.networkIndicator } : undefined;
        }),
      ),
    )
  ).filter((e) => !!e);
  const funnels = (
    await Promise.all(
      catalogue.pathways.map((p) =>
        attempt(`pathway ${p.code}`, request<FunnelAnswer>(token, 'Funnel', { code: p.code, cohort: { programYear: year }, release: from })),
      ),
    )
  ).flatMap((a) => (a?.pathwayFunnel ? [a.pathwayFunnel] : []));
  const prePost = (
    await Promise.all(
      catalogue.indicators
        .filter((i) => i.kind === 'CHANGE')
        .map((i) =>
          attempt(
            `pre/post ${i.code}`,
            request<{ prePostChange: PrePost | null }>(token, 'PrePost', { code: i.code, cohort: { programYear: year }, release: from }),
          ),
        ),
    )
  ).flatMap((a) => (a?.prePostChange ? [a.prePostChange] : []));
  const quality = role === 'backbone_analyst' ? await loadQuality(token, catalogue, year, release) : undefined;
  for (const row of headline) if (row.error) failures.unshift(`${row.indicator.code}: ${row.error.message}`);
  return { release, year, headline, equity, funnels, prePost, quality, failures };
}

/** Data quality as of the approval day (a release) so that the same release gives the same package. */
function loadQuality(token: string, catalogue: Catalogue, year: number, release: ReleaseInfo | undefined): Promise<HealthRow[]> {
  const { from, to } = programYearRange(year);
  const asOf = release?.approvedAt.slice(0, 10);
  return Promise.all(
    catalogue.partners.map((partner) =>
      request<Health>(token, 'PartnerHealth', { id: partner.id, from, to, asOf }).then(
        (answer): HealthRow => ({ partner, health: answer.partner }),
        (error: Error): HealthRow => ({ partner, error }),
      ),
    ),
  );
}

function prePostTable(items: PrePost[], release: ReleaseInfo | undefined): ExportTable {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    title: 'Pre/post changes, paired by person, with 95% confidence intervals',
    fileName: 'pre-post',
    columns: ['Measure', 'Definition version', 'People (n)', 'Mean before', 'Mean after', 'Mean change', '95% CI low', '95% CI high', 'Median change'],
    rows: items.map((p) => {
      const t = p.total;
      if (t.suppressed) return [p.name, p.version, ...Array(7).fill(SUPPRESSED)];
      return [p.name, p.version, t.n, round(t.meanBefore), round(t.meanAfter), round(t.meanChange), round(t.ciLow), round(t.ciHigh), round(t.medianChange)];
    }),
    notes: sourceNotes(release, 'Each person counts once, paired across partners by their global stakeholder ID.', items[0]?.disclosureControl),
  };
}

function methodsTable(catalogue: Catalogue): ExportTable {
  return {
    title: 'Definitions',
    fileName: 'definitions',
    columns: ['Code', 'Name', 'Kind', 'Unit', 'Latest version', 'Definition'],
    rows: [
      ...catalogue.indicators.map((i) => [i.code, i.name, i.kind, i.unit, i.version, i.description]),
      ...catalogue.pathways.map((p) => [p.code, p.name, 'PATHWAY', p.stages.join(' > '), p.version, p.description]),
    ],
    notes: ['The version each figure was computed with is given beside it in the other sheets.'],
  };
}

function coverTable(pkg: Package, coalition: string): ExportTable {
  const r = pkg.release;
  const coverage = r?.coverage;
  return {
    title: 'Cover',
    fileName: 'cover',
    columns: ['Item', 'Value'],
    rows: [
      ['Coalition', coalition],
      ['Program year', `PY${pkg.year} (July ${pkg.year} to June ${pkg.year + 1})`],
      ['Release', r ? r.id : 'live figures (not released)'],
      ['Approved', r ? r.approvedAt : null],
      ['Approval note', r?.note ?? null],
      ['Coverage', coverage ? `${coverage.partnersAnswered} of ${coverage.partnersAsked} partners` : null],
      ['Missing partners', coverage?.missing.map((m) => m.partnerId).join(', ') || 'none'],
    ],
    notes: [],
  };
}

/** Every table of the package, in the order of the PDF; the workbook has one sheet per table. */
function packageTables(pkg: Package, catalogue: Catalogue, coalition: string) {
  const partner = (id: string) => partnerName(catalogue, id);
  const headline = overviewTable(pkg.headline, pkg.year);
  const equity = pkg.equity.map((e) => ({ ...e, table: breakdownTable(e.result, e.by, partner) }));
  const funnels = pkg.funnels.map((f) => ({ funnel: f, stages: stageTable(f), handoffs: f.withheld ? [] : handoffTables(f, catalogue) }));
  const prePost = prePostTable(pkg.prePost, pkg.release);
  const quality = pkg.quality ? healthTable(pkg.quality, pkg.year) : undefined;
  const methods = methodsTable(catalogue);
  const cover = coverTable(pkg, coalition);
  const all = [
    cover,
    headline,
    ...equity.map((e) => e.table),
    ...funnels.flatMap((f) => [f.stages, ...f.handoffs]),
    ...(pkg.prePost.length ? [prePost] : []),
    ...(quality ? [quality] : []),
    methods,
  ];
  return { cover, headline, equity, funnels, prePost, quality, methods, all };
}

/**
 * The funder evidence package of one release: what the PDF prints (this page, through the
 * browser's print) and what the workbook holds (every table of it). `npm run evidence` drives
 * this page in headless chromium to write both files.
 */
export function Report({ params }: { params: URLSearchParams }) {
  const { viewer, catalogue, releases, year, coalition } = useDashboard();
  const releaseId = params.get('release');
  const release = releaseId ? releases.find((r) => r.id === releaseId) : releases.find((r) => r.period === `PY${year}` && !r.supersededBy);
  const live = !release && viewer.role === 'backbone_analyst';
  const [pkg, setPkg] = useState<Package | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const year_ = release ? Number(release.period.replace(/^PY/, '')) : year;
  useEffect(() => {
    if (!release && !live) return;
    setPkg(undefined);
    loadPackage(viewer.token, catalogue, viewer.role, release, year_, releases).then(setPkg, setError);
  }, [viewer, catalogue, release, live, year_, releases]);
  const tables = useMemo(() => (pkg ? packageTables(pkg, catalogue, coalition) : undefined), [pkg, catalogue, coalition]);
  // The PDF's title.
  useEffect(() => {
    document.title = `${coalition}: evidence package, ${release ? release.id : `PY${year_} live`}`;
  }, [coalition, release, year_]);
  if (!release && !live) return <p className="notice">{releaseId ? `No release ${releaseId} is visible to you.` : `PY${year} has no approved release yet.`}</p>;
  if (error) return <ErrorBox error={error} />;
  if (!pkg || !tables) return <Loading what="the evidence package" />;
  const fileName = `evidence-${release ? release.id : `PY${year_}-live`}`;
  return (
    <article className="report" data-report-ready="true">
      <div className="report-actions">
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        <button type="button" onClick={() => downloadXlsx(tables.all, fileName, release ? new Date(release.approvedAt) : undefined)}>
          Download workbook (XLSX)
        </button>
      </div>
      <section className="report-section cover">
        <h2>Evidence package, PY{year_}</h2>
        <DataTable table={tables.cover} />
        {pkg.failures.length > 0 && (
          <div className="error" role="alert">
            Not in this package: {pkg.failures.join('; ')}
          </div>
        )}
      </section>
      <section className="report-section">
        <h2>Headline indicators</h2>
        <ChartBox
          draw={() => drawRates(pkg.headline.filter((r) => r.result?.kind === 'RATE'))}
          label="Rates this program year (bars) and the year before (ticks); the table gives every value"
        />
        <DataTable table={tables.headline} />
      </section>
      <section className="report-section">
        <h2>Equity</h2>
        {tables.equity.map((e) => (
          <div key={`${e.code}-${e.by}`} className="report-figure">
            <ChartBox draw={() => drawBreakdown(e.table, e.result.kind)} label={`${e.result.name} by ${DIMENSION_LABELS[e.by]}`} />
            <DataTable table={e.table} reasons={reasons(e.result)} />
          </div>
        ))}
      </section>
      <section className="report-section">
        <h2>Pathways</h2>
        {tables.funnels.map(({ funnel, stages, handoffs }) =>
          funnel.withheld ? (
            <p key={funnel.code} className="notice">
              {funnel.name}: withheld. With so few people in the cohort, no figure of it could be shown without letting a reader work out a small count.
            </p>
          ) : (
            <div key={funnel.code} className="report-figure">
              <ChartBox draw={() => drawFunnel(funnel)} label={`People reaching each stage of ${funnel.name}`} />
              <DataTable table={stages} />
              {handoffs.map((h) => (
                <DataTable key={h.title} table={h} />
              ))}
            </div>
          ),
        )}
      </section>
      {pkg.prePost.length > 0 && (
        <section className="report-section">
          <h2>Pre/post changes</h2>
          <DataTable table={tables.prePost} />
        </section>
      )}
      <section className="report-section">
        <h2>Data quality and reporting</h2>
        {tables.quality ? <DataTable table={tables.quality} /> : <p>Data quality and reporting status per partner are in the backbone's package.</p>}
      </section>
      <section className="report-section">
        <h2>Methods</h2>
        <Methods disclosure={pkg.headline.find((r) => r.result)?.result?.disclosureControl} />
        <DataTable table={tables.methods} />
      </section>
    </article>
  );
}

function Methods({ disclosure }: { disclosure?: DisclosureInfo }) {
  return (
    <>
      <p>
        Each partner computes its figures in its own database; only counts and sums leave it. A person served by several partners is counted once: partners
        derive keyed linkage tokens from identity fields, the coalition registry matches them to one global stakeholder ID, and the gateway counts each ID once
        (at the record the indicator's definition picks).
      </p>
      <p>
        {disclosure?.applied
          ? `Disclosure control: a figure counting fewer than ${disclosure.minimumCellSize} people is suppressed, and so is any figure that would let a reader of everything published narrow a suppressed count to within ${disclosure.protection} of its value. The release was audited as one publication before it was approved. "Suppressed" never means zero.`
          : 'This is the backbone view: no disclosure control is applied and small cells are shown. Do not share it outside the backbone.'}
      </p>
    </>
  );
}
