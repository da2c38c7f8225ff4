import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { request } from '../api/client';
import { type Coverage, type DisclosureInfo, partnerName, type ReleaseInfo, releaseArgument, useDashboard } from '../context';
import { SUPPRESSED, type ExportTable } from '../export/table';
import { ChartBox, DataTable, Downloads, ErrorBox, Loading, Panel, useLoad } from '../ui/components';
import { DIMENSION_LABELS, type Figure, formatCount, formatValue, humanize } from '../ui/format';
import { PALETTE } from '../ui/palette';
import { CoverageBanner, mergeCoverage, SourceLine, sourceNotes } from './shared';

/** The codebook the view reads unless the address names another (the demo's, docs/THEMES.md). */
export const DEFAULT_CODEBOOK = 'WORKFORCE_BARRIERS';

const WAVES: Record<string, string> = { EXIT: 'Exit', INTAKE: 'Intake' };
const KINDS = ['BARRIER', 'HELP'] as const;
const KIND_LABELS: Record<string, string> = { BARRIER: 'Barrier', HELP: 'Helped' };
const KIND_TITLES: Record<string, string> = { BARRIER: 'Barriers', HELP: 'What helped' };
const KIND_COLOURS: Record<string, string> = { BARRIER: PALETTE[5], HELP: PALETTE[2] };

/** The same choices as Equity: partner staff get no split by partner (it would give other partners' small counts away). */
const DIMENSIONS = ['SEX', 'RACE_GROUP', 'AGE_BAND', 'PARTNER'] as const;
const dimensionsFor = (role: string): readonly string[] => (role === 'partner_staff' ? DIMENSIONS.filter((d) => d !== 'PARTNER') : DIMENSIONS);

interface ThemeFigures {
  code: string;
  version: number;
  period: string;
  dimensions: string[];
  disclosureControl: DisclosureInfo;
  total: { current: Figure };
  cells: Array<{ key: string; values: Array<{ dimension: string; value: string }>; current: Figure }>;
  coverage: Coverage;
}
export interface Theme {
  code: string;
  label: string;
  kind: string;
  figures: ThemeFigures;
}
export interface ThemesAnswer {
  networkThemes: { codebook: string; version: number; wave: string; themes: Theme[]; release: ReleaseInfo | null } | null;
}
export type ThemesResult = NonNullable<ThemesAnswer['networkThemes']>;

/** Barriers first, then what helped, each in the codebook's order: the chart and the tables alike. */
const ordered = (themes: Theme[]) => [...themes].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
const kindRank = (kind: string) => {
  const rank = (KINDS as readonly string[]).indexOf(kind);
  return rank < 0 ? KINDS.length : rank;
};

/** The people who answered the question in the wave: the same for every theme, unless suppressed. */
export function respondents(result: ThemesResult): number | null {
  const counts = result.themes.filter((t) => !t.figures.total.current.suppressed).map((t) => t.figures.total.current.people ?? 0);
  return counts.length > 0 ? Math.max(...counts) : null;
}

/**
 * Qualitative themes of a codebook: the share of the people who answered the wave's question whose
 * answer mentions each theme, barriers and what helped, optionally split by a dimension. Only
 * counts: the text of answers never leaves the partners.
 */
export function Themes({ params, set }: { params: URLSearchParams; set(changes: Record<string, string>): void }) {
  const state = useDashboard();
  const { viewer, year } = state;
  const release = releaseArgument(state);
  const codebook = params.get('codebook') || DEFAULT_CODEBOOK;
  const wave = params.get('wave') === 'INTAKE' ? 'INTAKE' : 'EXIT';
  const by = dimensionsFor(viewer.role).includes(params.get('split') ?? '') ? params.get('split')! : '';
  const { data, error, loading } = useLoad(
    () => request<ThemesAnswer>(viewer.token, 'NetworkThemes', { codebook, wave, period: { programYear: year }, by: by ? [by] : [], release }),
    `${codebook}|${wave}|${by}|${year}|${release}|${viewer.token}`,
  );
  const result = data?.networkThemes;
  return (
    <>
      <ThemeControls wave={wave} by={by} dimensions={dimensionsFor(viewer.role)} set={set} />
      {loading && <Loading what="the themes" />}
      {error && <ErrorBox error={error} />}
      {!loading && !error && !result && <p className="notice">This codebook has no themes to show.</p>}
      {/* The split the answer was computed with: while a new one loads, the one shown stays consistent. */}
      {result && <ThemesView result={result} by={result.themes[0]?.figures.dimensions[0] ?? ''} />}
    </>
  );
}

function ThemeControls({ wave, by, dimensions, set }: { wave: string; by: string; dimensions: readonly string[]; set(changes: Record<string, string>): void }) {
  return (
    <div className="controls">
      <label>
        Wave{' '}
        <select value={wave} onChange={(event) => set({ wave: event.target.value })}>
          {Object.entries(WAVES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Split by{' '}
        <select value={by} onChange={(event) => set({ split: event.target.value })}>
          <option value="">No split</option>
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function ThemesView({ result, by }: { result: ThemesResult; by: string }) {
  const { catalogue } = useDashboard();
  const table = useMemo(() => themesTable(result), [result]);
  const split = useMemo(() => (by ? splitTables(result, by, (id) => partnerName(catalogue, id)) : []), [result, by, catalogue]);
  const draw = useCallback(() => drawThemes(result), [result]);
  const themes = ordered(result.themes);
  const answered = respondents(result);
  const reason = (f: Figure) => (f.suppressed ? (f.suppression ?? null) : null);
  return (
    <>
      <SourceLine release={result.release} />
      <CoverageBanner coverage={mergeCoverage(result.themes.map((t) => t.figures.coverage))} />
      <p className="source" data-testid="respondents">
        {answered === null ? 'Respondents: suppressed' : `${formatCount(answered)} people answered the question`} ({WAVES[result.wave]} survey,{' '}
        {result.themes[0]?.figures.period ?? ''}). The figures are counts of coded answers; no answer's text is shown.
      </p>
      <Panel title={table.title} tables={[table]} fileName={table.fileName}>
        <ChartBox
          draw={draw}
          label="Share of respondents mentioning each theme, barriers and what helped; the table below gives every value and which are suppressed"
        />
        <DataTable
          table={table}
          reasons={themes.map((t) => [null, null, reason(t.figures.total.current), reason(t.figures.total.current), reason(t.figures.total.current)])}
        />
      </Panel>
      {by && <SplitPanel result={result} by={by} tables={split} />}
    </>
  );
}

function SplitPanel({ result, by, tables }: { result: ThemesResult; by: string; tables: ExportTable[] }) {
  const themes = ordered(result.themes);
  const reason = (f: Figure) => (f.suppressed ? (f.suppression ?? null) : null);
  const reasons = (t: Theme) => [...t.figures.cells.map((c) => c.current), t.figures.total.current].map((f) => [null, reason(f), reason(f), reason(f)]);
  return (
    <Panel title={`Each theme by ${DIMENSION_LABELS[by]}`} tables={tables} fileName={`${fileStem(result)}-by-${by.toLowerCase()}`}>
      {result.themes.every((t) => t.figures.cells.length === 0) && (
        <p className="notice" data-testid="no-cells">
          No cell of this breakdown is shown to your role; only the totals are.
        </p>
      )}
      {tables.map((table, i) => (
        <div key={table.title}>
          <DataTable table={table} reasons={reasons(themes[i])} />
          <Downloads tables={[table]} fileName={table.fileName} />
        </div>
      ))}
    </Panel>
  );
}

const fileStem = (result: ThemesResult) =>
  `themes-${result.codebook}-v${result.version}-${result.wave.toLowerCase()}-${result.themes[0]?.figures.period ?? ''}`;
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const shown = (f: Figure, pick: (f: Figure) => number | null | undefined) => (f.suppressed ? SUPPRESSED : (pick(f) ?? null));
const counts = (f: Figure) => [shown(f, (x) => x.numerator), shown(f, (x) => x.people), shown(f, (x) => rounded(x.value))];

function notesOf(result: ThemesResult): string[] {
  const definition = `Codebook ${result.codebook} version ${result.version}, ${WAVES[result.wave]} answers: of the people who answered the question (respondents), those whose answer mentions the theme (people mentioning), and their share in percent. A person answering at several partners counts once.`;
  return sourceNotes(result.release, definition, result.themes[0]?.figures.disclosureControl);
}

/** Every theme's total: one row per theme, barriers first. */
export function themesTable(result: ThemesResult): ExportTable {
  return {
    title: `Themes of ${humanize(result.codebook)} (version ${result.version}), ${WAVES[result.wave]} survey, ${result.themes[0]?.figures.period ?? ''}`,
    fileName: fileStem(result),
    columns: ['Theme', 'Kind', 'People mentioning', 'Respondents', 'Percent (%)'],
    rows: ordered(result.themes).map((t) => [t.label, KIND_LABELS[t.kind] ?? humanize(t.kind), ...counts(t.figures.total.current)]),
    notes: notesOf(result),
  };
}

/** One table per theme, its cells by the dimension and a last row All. */
export function splitTables(result: ThemesResult, by: string, partner: (id: string) => string): ExportTable[] {
  const group = (values: Array<{ dimension: string; value: string }>) => {
    const value = values.find((v) => v.dimension === by)?.value ?? '';
    return by === 'PARTNER' ? partner(value) : value ? humanize(value) : 'Not recorded';
  };
  return ordered(result.themes).map((t) => ({
    title: `${t.label} (${KIND_LABELS[t.kind] ?? humanize(t.kind)}) by ${DIMENSION_LABELS[by]}`,
    fileName: `${fileStem(result)}-${t.code.toLowerCase()}-by-${by.toLowerCase()}`,
    columns: [DIMENSION_LABELS[by], 'People mentioning', 'Respondents', 'Percent (%)'],
    rows: [...t.figures.cells.map((c) => [group(c.values), ...counts(c.current)]), ['All', ...counts(t.figures.total.current)]],
    notes: notesOf(result),
  }));
}

/** Two bar charts in one picture, barriers then what helped: the share of respondents mentioning each theme. */
export function drawThemes(result: ThemesResult): Element {
  const box = document.createElement('div');
  const answered = respondents(result);
  for (const kind of [...KINDS, ...new Set(result.themes.map((t) => t.kind).filter((k) => !(KINDS as readonly string[]).includes(k)))]) {
    const themes = result.themes.filter((t) => t.kind === kind);
    if (themes.length > 0) box.append(kindChart(themes, kind, answered));
  }
  return box;
}

function kindChart(themes: Theme[], kind: string, answered: number | null) {
  const rows = themes.map((t) => ({ label: t.label, figure: t.figures.total.current }));
  const drawn = rows.filter((r) => !r.figure.suppressed && r.figure.value !== null).map((r) => ({ ...r, value: r.figure.value as number }));
  const hidden = rows.filter((r) => r.figure.suppressed);
  const text = (d: { value: number; figure: Figure }) => `${formatValue(d.value, 'RATE', '')} (${formatCount(d.figure.numerator)})`;
  return Plot.plot({
    title: KIND_TITLES[kind] ?? humanize(kind),
    subtitle: answered === null ? undefined : `Percent of ${formatCount(answered)} respondents (people mentioning in brackets)`,
    marginLeft: 180,
    marginRight: 90,
    width: 760,
    height: 40 + rows.length * 28,
    x: { label: 'Percent of respondents', grid: true, domain: [0, 100] },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(drawn, { x: 'value', y: 'label', fill: KIND_COLOURS[kind] ?? PALETTE[0] }),
      Plot.text(drawn, { x: 'value', y: 'label', text, dx: 4, textAnchor: 'start' }),
      // A suppressed theme is labelled as such, never drawn as an empty (zero) bar.
      Plot.text(hidden, { x: 0, y: 'label', text: () => 'suppressed', dx: 4, textAnchor: 'start', fontStyle: 'italic', fill: '#555' }),
      Plot.ruleX([0]),
    ],
  });
}
