import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { request } from '../api/client';
import { type IndicatorHead, partnerName, releaseArgument, useDashboard } from '../context';
import { SUPPRESSED, type ExportTable } from '../export/table';
import { ChartBox, DataTable, ErrorBox, Loading, Panel, useLoad } from '../ui/components';
import { DIMENSION_LABELS, type Figure, formatValue, humanize } from '../ui/format';
import { PALETTE } from '../ui/palette';
import { CoverageBanner, SourceLine, sourceNotes } from './shared';

export interface Breakdown {
  networkIndicator:
    | (IndicatorHead & {
        total: { current: Figure };
        cells: Array<{ key: string; values: Array<{ dimension: string; value: string }>; current: Figure }>;
      })
    | null;
}

const DIMENSIONS = ['SEX', 'RACE_GROUP', 'AGE_BAND', 'PARTNER'] as const;

/**
 * Partner staff are not shown network cells by partner (they know their own partner's people, so
 * a network cell by partner would give other partners' small counts away: docs/INDICATORS.md);
 * the backbone and funders are (funders: their portfolio).
 */
const dimensionsFor = (role: string): readonly string[] => (role === 'partner_staff' ? DIMENSIONS.filter((d) => d !== 'PARTNER') : DIMENSIONS);

/** Any indicator by sex, race group, age band or partner: counts next to rates, suppressed cells said so. */
export function Equity({ params, set }: { params: URLSearchParams; set(changes: Record<string, string>): void }) {
  const state = useDashboard();
  const { viewer, catalogue, year } = state;
  const release = releaseArgument(state);
  const indicators = catalogue.indicators.filter((i) => i.kind !== 'CHANGE');
  const code = params.get('indicator') ?? indicators[0]?.code ?? '';
  const dimensions = dimensionsFor(viewer.role);
  const by = dimensions.includes(params.get('by') ?? '') ? params.get('by')! : 'SEX';
  const { data, error, loading } = useLoad(
    () => request<Breakdown>(viewer.token, 'IndicatorBreakdown', { code, period: { programYear: year }, by: [by], release }),
    `${code}|${by}|${year}|${release}|${viewer.token}`,
  );
  const result = data?.networkIndicator;
  const table = useMemo(() => (result ? breakdownTable(result, by, (id) => partnerName(catalogue, id)) : undefined), [result, by, catalogue]);
  const draw = useCallback(() => (result && table ? drawBreakdown(table, result.kind) : undefined), [result, table]);
  return (
    <>
      <div className="controls">
        <label>
          Indicator{' '}
          <select value={code} onChange={(event) => set({ indicator: event.target.value })}>
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          By{' '}
          <select value={by} onChange={(event) => set({ by: event.target.value })}>
            {dimensions.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {loading && <Loading what="the breakdown" />}
      {error && <ErrorBox error={error} />}
      {result && table && (
        <>
          <SourceLine release={result.release} />
          <CoverageBanner coverage={result.coverage} />
          <Panel title={table.title} tables={[table]} fileName={table.fileName}>
            <ChartBox draw={draw} label={`${result.name} by ${DIMENSION_LABELS[by]}; the table below gives every value and which are suppressed`} />
            {result.cells.length === 0 && (
              <p className="notice" data-testid="no-cells">
                No cell of this breakdown is shown to your role; only the total is.
              </p>
            )}
            <DataTable table={table} reasons={reasons(result)} />
          </Panel>
        </>
      )}
    </>
  );
}

type Result = NonNullable<Breakdown['networkIndicator']>;

const groupOf = (cell: Result['cells'][number], by: string, partner: (id: string) => string) => {
  const value = cell.values.find((v) => v.dimension === by)?.value ?? '';
  return by === 'PARTNER' ? partner(value) : humanize(value);
};

export function breakdownTable(result: Result, by: string, partner: (id: string) => string): ExportTable {
  const figure = (f: Figure, pick: (f: Figure) => number | null | undefined) => (f.suppressed ? SUPPRESSED : (pick(f) ?? null));
  const rate = result.kind === 'RATE';
  const value = (f: Figure) => (f.value === null ? null : Math.round(f.value * 10) / 10);
  const row = (label: string, f: Figure) =>
    rate ? [label, figure(f, (x) => x.people), figure(f, (x) => x.numerator), figure(f, value)] : [label, figure(f, (x) => x.people), figure(f, value)];
  return {
    title: `${result.name}, ${result.period}, by ${DIMENSION_LABELS[by]}`,
    fileName: `${result.code}-${result.period}-by-${by.toLowerCase()}`,
    columns: rate
      ? [DIMENSION_LABELS[by], 'People', 'Meeting the measure', 'Rate (%)']
      : [DIMENSION_LABELS[by], result.countUnit === 'PEOPLE' ? 'People' : 'Records', `Value (${result.unit})`],
    rows: [...result.cells.map((cell) => row(groupOf(cell, by, partner), cell.current)), row('All', result.total.current)],
    notes: sourceNotes(result.release, `${result.code} definition version ${result.version}: ${result.name}`, result.disclosureControl),
  };
}

export function reasons(result: Result) {
  const reason = (f: Figure) => (f.suppressed ? (f.suppression ?? null) : null);
  return [...result.cells.map((c) => c.current), result.total.current].map((f) => [null, reason(f), reason(f), reason(f)]);
}

export function drawBreakdown(table: ExportTable, kind: string) {
  const valueColumn = table.columns.length - 1;
  const rows = table.rows.filter((r) => r[0] !== 'All').map((r) => ({ group: String(r[0]), value: r[valueColumn] }));
  const shown = rows.filter((r) => typeof r.value === 'number') as Array<{ group: string; value: number }>;
  const hidden = rows.filter((r) => r.value === SUPPRESSED);
  return Plot.plot({
    marginLeft: 180,
    marginRight: 50,
    width: 760,
    x: { label: kind === 'RATE' ? 'Percent' : table.columns[valueColumn], grid: true, ...(kind === 'RATE' ? { domain: [0, 100] } : {}) },
    y: { label: null, domain: rows.map((r) => r.group) },
    marks: [
      Plot.barX(shown, { x: 'value', y: 'group', fill: PALETTE[0] }),
      Plot.text(shown, { x: 'value', y: 'group', text: (d: { value: number }) => formatValue(d.value, kind, ''), dx: 4, textAnchor: 'start' }),
      // A suppressed group is labelled as such, never drawn as an empty (zero) bar.
      Plot.text(hidden, { x: 0, y: 'group', text: () => 'suppressed', dx: 4, textAnchor: 'start', fontStyle: 'italic', fill: '#555' }),
      Plot.ruleX([0]),
    ],
  });
}
