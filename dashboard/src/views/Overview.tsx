import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { request } from '../api/client';
import { type Indicator, type IndicatorHead, type ReleaseInfo, releaseArgument, useDashboard } from '../context';
import { SUPPRESSED, type ExportTable } from '../export/table';
import { ChartBox, DataTable, ErrorBox, Loading, Panel, useLoad } from '../ui/components';
import { direction, type Figure, formatChange, formatCount, formatValue } from '../ui/format';
import { PALETTE } from '../ui/palette';
import { CoverageBanner, mergeCoverage, SourceLine, sourceNotes } from './shared';
import { ReleaseControl } from './ReleaseControl';

export interface Total {
  networkIndicator: (IndicatorHead & { comparisonPeriod: string | null; total: { current: Figure; previous: Figure | null; change: number | null } }) | null;
}

export type Row = { indicator: Indicator; result?: Total['networkIndicator']; error?: Error };

/**
 * Every headline indicator of a program year, each on its own (one failing leaves the others),
 * against the year before when that year can be read from the same source: live figures always,
 * released ones only when the year before was released too (the gateway refuses the comparison
 * otherwise, and the figure with it).
 */
export function loadHeadline(token: string, indicators: Indicator[], year: number, release: string, releases: ReleaseInfo[]): Promise<Row[]> {
  const comparable = release === 'LIVE' || releases.some((r) => r.period === `PY${year - 1}`);
  return Promise.all(
    indicators
      .filter((i) => i.kind !== 'CHANGE')
      .map((indicator) =>
        request<Total>(token, 'IndicatorTotal', {
          code: indicator.code,
          period: { programYear: year },
          compareTo: comparable ? { programYear: year - 1 } : undefined,
          release,
        }).then(
          (answer): Row => ({ indicator, result: answer.networkIndicator }),
          (error: Error): Row => ({ indicator, error }),
        ),
      ),
  );
}

/** The headline indicators this period against the one before, with direction of change. */
export function Overview() {
  const state = useDashboard();
  const { viewer, catalogue, year, releases } = state;
  const release = releaseArgument(state);
  const headline = catalogue.indicators.filter((i) => i.kind !== 'CHANGE');
  const { data, loading } = useLoad(() => loadHeadline(viewer.token, catalogue.indicators, year, release, releases), `${year}|${release}|${viewer.token}`);
  const rows = useMemo(() => data ?? [], [data]);
  const table = useMemo(() => overviewTable(rows, year), [rows, year]);
  const rates = useMemo(() => rows.filter((r) => r.result?.kind === 'RATE'), [rows]);
  const draw = useCallback(() => drawRates(rates), [rates]);
  const shownRelease = rows.find((r) => r.result)?.result?.release;
  return (
    <>
      {rows.some((r) => r.result) && <SourceLine release={shownRelease} />}
      <CoverageBanner coverage={mergeCoverage(rows.map((r) => r.result?.coverage))} />
      {viewer.role === 'backbone_analyst' && <ReleaseControl />}
      {loading && <Loading what={`${headline.length} indicators`} />}
      {!loading && (
        <Panel title={`Headline indicators, PY${year} against PY${year - 1}`} tables={[table]} fileName={`overview-PY${year}`}>
          <ul className="cards">
            {rows.map((row) => (
              <IndicatorCard key={row.indicator.code} row={row} />
            ))}
          </ul>
          {rates.length > 0 && <ChartBox draw={draw} label={`Rates in PY${year} and PY${year - 1}; the table below gives every value`} />}
          <DataTable table={table} />
        </Panel>
      )}
    </>
  );
}

function IndicatorCard({ row }: { row: Row }) {
  const { indicator, result, error } = row;
  if (error || !result) {
    return (
      <li className="card" data-code={indicator.code}>
        <h3>{indicator.name}</h3>
        {error ? <ErrorBox error={error} /> : <p>Not available.</p>}
      </li>
    );
  }
  const { current, previous } = result.total;
  const dir = direction(result.total.change);
  return (
    <li className="card" data-code={indicator.code}>
      <h3>{result.name}</h3>
      <p className="value" data-testid={`value-${indicator.code}`}>
        {current.suppressed ? 'Suppressed' : formatValue(current.value, result.kind, result.unit)}
      </p>
      <p className={`change ${dir}`}>
        <span aria-hidden="true">{dir === 'up' ? '▲' : dir === 'down' ? '▼' : dir === 'flat' ? '■' : ''}</span>{' '}
        {!result.comparisonPeriod
          ? `no comparison: ${previousYear(result.period)} has not been released`
          : previous?.suppressed
            ? `no comparison: ${result.comparisonPeriod} is suppressed`
            : `${formatChange(result.total.change, result.kind, result.unit)} ${previous ? `from ${formatValue(previous.value, result.kind, result.unit)} in ${result.comparisonPeriod}` : ''}`}
      </p>
      <p className="n">
        {formatCount(current.people)} {result.countUnit === 'PEOPLE' ? 'people' : 'records'} · definition v{result.version}
      </p>
    </li>
  );
}

const previousYear = (period: string) => `PY${Number(period.replace(/^PY/, '')) - 1}`;

export function overviewTable(rows: Row[], year: number): ExportTable {
  const cell = (figure: Figure | null | undefined, pick: (f: Figure) => number | null) => (!figure ? null : figure.suppressed ? SUPPRESSED : pick(figure));
  const first = rows.find((r) => r.result)?.result;
  return {
    title: `Headline indicators, PY${year} against PY${year - 1}`,
    fileName: `overview-PY${year}`,
    columns: [
      'Indicator',
      'Code',
      'Definition version',
      'Kind',
      `Value PY${year}`,
      `People PY${year}`,
      `Value PY${year - 1}`,
      `People PY${year - 1}`,
      'Change',
    ],
    rows: rows.map(({ indicator, result, error }) =>
      result
        ? [
            result.name,
            result.code,
            result.version,
            result.kind,
            cell(result.total.current, (f) => roundTo(f.value)),
            cell(result.total.current, (f) => f.people),
            cell(result.total.previous, (f) => roundTo(f.value)),
            cell(result.total.previous, (f) => f.people),
            roundTo(result.total.change),
          ]
        : [indicator.name, indicator.code, indicator.version, indicator.kind, error ? `error: ${error.message}` : null, null, null, null, null],
    ),
    notes: sourceNotes(first?.release, 'Definition versions: one per row (column "Definition version").', first?.disclosureControl),
  };
}

const roundTo = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 10) / 10);

/** This year's rate as a bar, last year's as a black tick on it: both readable without colour. */
export function drawRates(rows: Row[]) {
  const data = rows.flatMap(({ result }) => {
    if (!result) return [];
    const { current, previous } = result.total;
    return [{ indicator: result.name, current: current.suppressed ? null : current.value, previous: previous && !previous.suppressed ? previous.value : null }];
  });
  return Plot.plot({
    marginLeft: 300,
    width: 800,
    height: 40 + 36 * data.length,
    x: { label: 'Percent (bar: this program year; tick: the year before)', domain: [0, 100], grid: true },
    y: { label: null, domain: data.map((d) => d.indicator) },
    marks: [
      Plot.barX(
        data.filter((d) => d.current !== null),
        { x: 'current', y: 'indicator', fill: PALETTE[0], insetTop: 6, insetBottom: 6 },
      ),
      Plot.tickX(
        data.filter((d) => d.previous !== null),
        { x: 'previous', y: 'indicator', stroke: '#000', strokeWidth: 3 },
      ),
      Plot.text(
        data.filter((d) => d.current === null),
        { x: 0, y: 'indicator', text: () => 'suppressed', dx: 4, textAnchor: 'start', fontStyle: 'italic' },
      ),
      Plot.ruleX([0]),
    ],
  });
}
