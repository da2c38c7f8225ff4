import { useMemo } from 'react';
import { request } from '../api/client';
import { type PartnerInfo, useDashboard } from '../context';
import type { ExportTable } from '../export/table';
import { DataTable, ErrorBox, Loading, Panel, useLoad } from '../ui/components';
import { humanize, programYearRange } from '../ui/format';

export interface Health {
  partner: {
    id: string;
    name: string;
    dataQuality: {
      participants: number;
      reportingStatus: 'SUBMITTED' | 'LATE' | 'NOT_DUE';
      dueOn: string;
      latestEntryAt: string | null;
      duplicateGroups: number;
      completeness: Array<{ field: string; present: number; missing: number; refused: number }>;
      validity: Array<{ rule: string; violations: number }>;
    } | null;
  } | null;
}
export type HealthRow = { partner: PartnerInfo; health?: Health['partner']; error?: Error };

const STATUS_TEXT = { SUBMITTED: 'Submitted', LATE: 'Late', NOT_DUE: 'Not due yet' } as const;

/** Reporting status and data quality side by side: every partner for the backbone, its own for partner staff. */
export function Partners() {
  const { viewer, catalogue, year } = useDashboard();
  const visible = viewer.role === 'backbone_analyst' ? catalogue.partners : catalogue.partners.filter((p) => p.id === viewer.partnerId);
  const { from, to } = programYearRange(year);
  const { data, loading } = useLoad(
    () =>
      Promise.all(
        visible.map((partner) =>
          // Only active partners are asked: the gateway no longer routes to a suspended, onboarding or retired one.
          partner.status !== 'ACTIVE'
            ? Promise.resolve<HealthRow>({ partner })
            : request<Health>(viewer.token, 'PartnerHealth', { id: partner.id, from, to }).then(
                (answer): HealthRow => ({ partner, health: answer.partner }),
                (error: Error): HealthRow => ({ partner, error }),
              ),
        ),
      ),
    `${year}|${viewer.token}`,
  );
  const table = useMemo(() => healthTable(data ?? [], year), [data, year]);
  return (
    <>
      {viewer.role !== 'backbone_analyst' && (
        <p className="notice">
          {viewer.role === 'partner_staff'
            ? "You see your own organization's data quality; the backbone sees every partner's."
            : "Data quality and reporting status are visible to the backbone and to each partner's own staff; releases say which partners they cover."}
        </p>
      )}
      <Panel title={`Partners of the coalition (${catalogue.partners.length})`} tables={[directoryTable(catalogue.partners)]} fileName="partners">
        <DataTable table={directoryTable(catalogue.partners)} />
      </Panel>
      {loading && visible.length > 0 && <Loading what="reporting status and data quality" />}
      {data
        ?.filter((r) => r.error)
        .map((r) => (
          <ErrorBox key={r.partner.id} error={r.error!} />
        ))}
      {data && visible.length > 0 && (
        <Panel title={table.title} tables={[table]} fileName={table.fileName}>
          <DataTable table={table} />
        </Panel>
      )}
    </>
  );
}

function directoryTable(partners: PartnerInfo[]): ExportTable {
  return {
    title: 'Partners',
    fileName: 'partners',
    columns: ['Partner', 'Id', 'Program type', 'Status'],
    rows: partners.map((p) => [p.name, p.id, humanize(p.programType), humanize(p.status)]),
    notes: ['The coalition registry, as of today.'],
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

export function healthTable(rows: HealthRow[], year: number): ExportTable {
  return {
    title: `Reporting status and data quality, participants enrolled in PY${year}`,
    fileName: `partners-quality-PY${year}`,
    columns: ['Partner', 'Reporting status', 'Due on', 'Participants', 'Fields complete (%)', 'Validity violations', 'Possible duplicates', 'Last entry'],
    rows: rows.map(({ partner, health, error }) => {
      const q = health?.dataQuality;
      if (!q) {
        const why = error ? `error: ${error.message}` : partner.status !== 'ACTIVE' ? `${humanize(partner.status)}: not asked` : 'not available';
        return [partner.name, why, null, null, null, null, null, null];
      }
      const present = q.completeness.reduce((sum, f) => sum + f.present, 0);
      const all = q.completeness.reduce((sum, f) => sum + f.present + f.missing + f.refused, 0);
      return [
        partner.name,
        STATUS_TEXT[q.reportingStatus] ?? q.reportingStatus,
        q.dueOn,
        q.participants,
        percent(present, all),
        q.validity.reduce((sum, v) => sum + v.violations, 0),
        q.duplicateGroups,
        q.latestEntryAt?.slice(0, 10) ?? null,
      ];
    }),
    notes: [`Participants enrolled in PY${year}; counts only. Reporting is due ${30} days after the period ends.`],
  };
}
