import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { GatewayError } from '../api/client';
import { downloadCsv, downloadXlsx, type ExportTable } from '../export/table';
import { reasonOf } from './format';

/** A suppressed figure: the word, never a zero or a blank, and its reason on hover or keyboard focus. */
export function Suppressed({ reason }: { reason?: string | null }) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the reason shows to keyboard users
    <span className="suppressed" tabIndex={0} aria-describedby={id} data-suppressed="true">
      Suppressed
      <span className="tip" role="tooltip" id={id}>
        {reasonOf(reason)}
      </span>
    </span>
  );
}

export function ErrorBox({ error }: { error: GatewayError | Error }) {
  const code = 'code' in error ? (error as GatewayError).code : undefined;
  return (
    <div className="error" role="alert">
      <strong>The gateway refused or failed this request.</strong> {error.message}
      {code && (
        <>
          {' '}
          <code className="code">{code}</code>
        </>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Downloads of what a panel shows: CSV of its table, XLSX of its table with notes. */
export function Downloads({ tables, fileName }: { tables: ExportTable[]; fileName: string }) {
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action().finally(() => setBusy(false));
  };
  return (
    <div className="downloads">
      {tables.length === 1 && (
        <button type="button" disabled={busy} onClick={() => run(() => downloadCsv(tables[0]))}>
          Download CSV
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => run(() => downloadXlsx(tables, fileName))}>
        Download XLSX
      </button>
    </div>
  );
}

/** A chart drawn by a function into a container, redrawn when its data changes. */
export function ChartBox({ draw, label }: { draw: () => Element | undefined; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const chart = draw();
    // The container is the image (role and label); Plot's inner groups carry aria-labels that are
    // not allowed without roles, and the table below already says everything the chart does.
    chart?.setAttribute('aria-hidden', 'true');
    node.replaceChildren(...(chart ? [chart] : []));
    return () => node.replaceChildren();
  }, [draw]);
  // The chart is a picture of the table below it, which is its text alternative.
  return <div className="chart" role="img" aria-label={label} ref={ref} />;
}

/** A figure: title, an optional chart, its table (the chart's text alternative) and downloads. */
export function Panel({ title, children, tables, fileName }: { title: string; children: ReactNode; tables: ExportTable[]; fileName: string }) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        <Downloads tables={tables} fileName={fileName} />
      </header>
      {children}
    </section>
  );
}

/** The figure's rows as an HTML table; "suppressed" cells render as <Suppressed>. */
export function DataTable({ table, reasons }: { table: ExportTable; reasons?: Array<Array<string | null | undefined>> }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={String(row[0])}>
              {row.map((value, c) => {
                const key = `${r}-${c}`;
                if (c === 0)
                  return (
                    <th key={key} scope="row">
                      {value}
                    </th>
                  );
                const numeric = typeof value === 'number' || value === 'suppressed' || value === null;
                return (
                  <td key={key} className={numeric ? 'num' : undefined}>
                    {value === 'suppressed' ? <Suppressed reason={reasons?.[r]?.[c]} /> : (value ?? '–')}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Loads on mount and whenever `key` changes; the newest load wins. */
export function useLoad<T>(load: () => Promise<T>, key: string): { data?: T; error?: Error; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything the load depends on
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
