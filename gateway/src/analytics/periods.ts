import { badInput, COHORT_PATTERN, nextDay, parseIsoDate, type PeriodKind, type ResolvedPeriod } from '@coalition/shared';

/** The period argument as a user writes it: exactly one form. */
export interface PeriodInput {
  programYear?: number | null;
  quarter?: string | null;
  cohort?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface Period {
  kind: PeriodKind;
  resolved: ResolvedPeriod;
}

const QUARTER_START = ['01-01', '04-01', '07-01', '10-01'];

/**
 * Reads a period argument into what partners filter on. A program year N runs from 1 July N to
 * 30 June N+1 (the WIOA program year); a quarter is a calendar quarter of the anchor date; a
 * cohort selects people by enrollment quarter; `from` and `to` are both inclusive.
 */
export function resolvePeriod(input: PeriodInput | null | undefined, argument: string): Period {
  const given = Object.entries(input ?? {})
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key]) => key);
  const forms = given.filter((key) => key !== 'to');
  if (!given.length) throw badInput(argument, 'is empty: give one of programYear, quarter, cohort, or from and to');
  if (forms.length !== 1 || (given.includes('to') && forms[0] !== 'from')) {
    throw badInput(argument, `give exactly one of programYear, quarter, cohort, or from and to (got ${given.join(', ')})`);
  }
  const value = input!;
  if (value.programYear != null) {
    const year = value.programYear;
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badInput(`${argument}.programYear`, 'must be a year from 1990 to 2100');
    return { kind: 'PROGRAM_YEAR', resolved: { kind: 'dates', from: `${year}-07-01`, before: `${year + 1}-07-01`, label: `PY${year}` } };
  }
  if (value.quarter != null) {
    const quarter = value.quarter;
    if (!COHORT_PATTERN.test(quarter)) throw badInput(`${argument}.quarter`, `"${quarter}" is not a quarter such as 2025Q3`);
    const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(5))];
    const before = q === 4 ? `${year + 1}-01-01` : `${year}-${QUARTER_START[q]}`;
    return { kind: 'QUARTER', resolved: { kind: 'dates', from: `${year}-${QUARTER_START[q - 1]}`, before, label: quarter } };
  }
  if (value.cohort != null) {
    if (!COHORT_PATTERN.test(value.cohort)) throw badInput(`${argument}.cohort`, `"${value.cohort}" is not an enrollment quarter such as 2025Q3`);
    return { kind: 'COHORT', resolved: { kind: 'cohort', cohort: value.cohort, label: `cohort ${value.cohort}` } };
  }
  const from = parseIsoDate(value.from, `${argument}.from`);
  if (value.to == null) throw badInput(`${argument}.to`, 'is missing: a date range needs from and to');
  const to = parseIsoDate(value.to, `${argument}.to`);
  if (to < from) throw badInput(`${argument}.to`, `${to} is before ${argument}.from ${from}: the range is reversed`);
  return { kind: 'DATE_RANGE', resolved: { kind: 'dates', from, before: nextDay(to), label: `${from}..${to}` } };
}
