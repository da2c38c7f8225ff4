import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { request } from '../api/client';
import { type Catalogue, type Coverage, type DisclosureInfo, partnerName, type ReleaseInfo, releaseArgument, useDashboard } from '../context';
import { SUPPRESSED, type ExportTable } from '../export/table';
import { ChartBox, DataTable, Downloads, ErrorBox, Loading, Panel, useLoad } from '../ui/components';
import { humanize } from '../ui/format';
import { PALETTE } from '../ui/palette';
import { CoverageBanner, SourceLine, sourceNotes } from './shared';

interface Stage {
  stage: string;
  people: number | null;
  conversion: number | null;
  medianDaysFromPrevious: number | null;
  suppressed: boolean;
  suppression: string | null;
}
interface Handoff {
  fromPartner: string;
  toPartner: string | null;
  people: number | null;
  suppressed: boolean;
  suppression: string | null;
}
export interface FunnelAnswer {
  pathwayFunnel: {
    code: string;
    version: number;
    name: string;
    stages: string[];
    cohort: string | null;
    people: number | null;
    withheld: boolean;
    disclosureControl: DisclosureInfo;
    total: { stages: Stage[] };
    transitions: Array<{ fromStage: string; toStage: string; handoffs: Handoff[] }>;
    coverage: Coverage;
    release: ReleaseInfo | null;
  } | null;
}
export type Funnel = NonNullable<FunnelAnswer['pathwayFunnel']>;

/** The pathway funnel of a program year's cohort, with conversions and median days, and who hands off to whom. */
export function Pathways({ params, set }: { params: URLSearchParams; set(changes: Record<string, string>): void }) {
  const state = useDashboard();
  const { viewer, catalogue, year } = state;
  const release = releaseArgument(state);
  const code = params.get('pathway') ?? catalogue.pathways[0]?.code ?? '';
  const { data, error, loading } = useLoad(
    () => request<FunnelAnswer>(viewer.token, 'Funnel', { code, cohort: { programYear: year }, release }),
    `${code}|${year}|${release}|${viewer.token}`,
  );
  const funnel = data?.pathwayFunnel;
  return (
    <>
      <div className="controls">
        <label>
          Pathway{' '}
          <select value={code} onChange={(event) => set({ pathway: event.target.value })}>
            {catalogue.pathways.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {loading && <Loading what="the funnel" />}
      {error && <ErrorBox error={error} />}
      {funnel && <FunnelView funnel={funnel} catalogue={catalogue} />}
    </>
  );
}

function FunnelView({ funnel, catalogue }: { funnel: Funnel; catalogue: Catalogue }) {
  const stages = useMemo(() => stageTable(funnel), [funnel]);
  const handoffs = useMemo(() => handoffTables(funnel, catalogue), [funnel, catalogue]);
  const draw = useCallback(() => drawFunnel(funnel), [funnel]);
  return (
    <>
      <SourceLine release={funnel.release} />
      <CoverageBanner coverage={funnel.coverage} />
      {funnel.withheld ? (
        <p className="notice" data-testid="funnel-withheld">
          This funnel is withheld for your role: with so few people in this cohort, no figure of it could be shown without letting a reader work out a small
          count.
        </p>
      ) : (
        <>
          <Panel title={stages.title} tables={[stages]} fileName={stages.fileName}>
            <ChartBox draw={draw} label={`People reaching each stage of ${funnel.name}; the table below gives every value`} />
            <DataTable table={stages} reasons={funnel.total.stages.map((s) => [null, s.suppression, s.suppression, s.suppression])} />
          </Panel>
          <Panel title={`Handoffs between partners, ${funnel.name}`} tables={handoffs} fileName={`${funnel.code}-handoffs-${funnel.cohort ?? 'all'}`}>
            {handoffs.map((table) => (
              <div key={table.title}>
                <DataTable table={table} />
                <Downloads tables={[table]} fileName={table.fileName} />
              </div>
            ))}
          </Panel>
        </>
      )}
    </>
  );
}

export function stageTable(funnel: Funnel): ExportTable {
  const hidden = (s: Stage, value: number | null) => (s.suppressed ? SUPPRESSED : value === null ? null : Math.round(value * 10) / 10);
  return {
    title: `${funnel.name}, cohort ${funnel.cohort ?? 'all time'}`,
    fileName: `${funnel.code}-${funnel.cohort ?? 'all'}`,
    columns: ['Stage', 'People', 'Conversion from previous stage (%)', 'Median days from previous stage'],
    rows: funnel.total.stages.map((s) => [humanize(s.stage), hidden(s, s.people), hidden(s, s.conversion), hidden(s, s.medianDaysFromPrevious)]),
    notes: sourceNotes(funnel.release, `Pathway ${funnel.code} definition version ${funnel.version}: ${funnel.name}`, funnel.disclosureControl),
  };
}

/** One matrix per step: rows the partner people were at, columns where they went next (or that they left). */
export function handoffTables(funnel: Funnel, catalogue: Catalogue): ExportTable[] {
  return funnel.transitions.map((transition) => {
    const from = [...new Set(transition.handoffs.map((h) => h.fromPartner))];
    const to = [...new Set(transition.handoffs.map((h) => h.toPartner))];
    const people = (a: string, b: string | null) => {
      const handoff = transition.handoffs.find((h) => h.fromPartner === a && h.toPartner === b);
      return !handoff ? 0 : handoff.suppressed ? SUPPRESSED : handoff.people;
    };
    return {
      title: `${humanize(transition.fromStage)} to ${humanize(transition.toStage)}: from (rows) to (columns)`,
      fileName: `${funnel.code}-${transition.fromStage}-${transition.toStage}`,
      columns: ['From partner', ...to.map((id) => (id ? `to ${partnerName(catalogue, id)}` : 'did not reach the next stage'))],
      rows: from.map((a) => [partnerName(catalogue, a), ...to.map((b) => people(a, b))]),
      notes: sourceNotes(funnel.release, `Pathway ${funnel.code} definition version ${funnel.version}`, funnel.disclosureControl),
    };
  });
}

export function drawFunnel(funnel: Funnel) {
  const shown = funnel.total.stages.filter((s) => !s.suppressed && s.people !== null).map((s) => ({ stage: humanize(s.stage), people: s.people as number }));
  const hidden = funnel.total.stages.filter((s) => s.suppressed).map((s) => ({ stage: humanize(s.stage) }));
  return Plot.plot({
    marginLeft: 140,
    marginRight: 40,
    width: 760,
    x: { label: 'People', grid: true },
    y: { label: null, domain: funnel.total.stages.map((s) => humanize(s.stage)) },
    marks: [
      Plot.barX(shown, { x: 'people', y: 'stage', fill: PALETTE[2] }),
      Plot.text(shown, { x: 'people', y: 'stage', text: 'people', dx: 4, textAnchor: 'start' }),
      Plot.text(hidden, { x: 0, y: 'stage', text: () => 'suppressed', dx: 4, textAnchor: 'start', fontStyle: 'italic', fill: '#555' }),
      Plot.ruleX([0]),
    ],
  });
}
