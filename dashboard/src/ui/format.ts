/** How figures read on screen and in files: one place, so both agree. */

export interface Figure {
  people: number | null;
  numerator?: number | null;
  value: number | null;
  suppressed: boolean;
  suppression?: string | null;
}

export const SUPPRESSION_REASONS: Record<string, string> = {
  PROTECTED: 'Hidden to protect privacy: it counts fewer people than the minimum, or showing it would let someone work out a count that does.',
  TABLE_WITHHELD: 'The whole table is withheld: no set of its figures could be shown without revealing a small count.',
};

export const reasonOf = (code: string | null | undefined) => SUPPRESSION_REASONS[code ?? ''] ?? 'Hidden by disclosure control.';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** A value as the indicator's kind reads: RATE in percent, money and counts as numbers. */
export function formatValue(value: number | null | undefined, kind: string, unit: string): string {
  if (value === null || value === undefined) return '–';
  if (kind === 'RATE') return `${oneDecimal.format(value)}%`;
  if (/usd|dollar|\$/i.test(unit)) return `$${integer.format(value)}`;
  if (kind === 'COUNT') return integer.format(value);
  return oneDecimal.format(value);
}

export const formatCount = (value: number | null | undefined) => (value === null || value === undefined ? '–' : integer.format(value));

/** "+3.2 points" for rates, "+120" otherwise; the sign and the word say the direction, not only a colour. */
export function formatChange(change: number | null | undefined, kind: string, unit: string): string {
  if (change === null || change === undefined) return 'no comparison';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = kind === 'RATE' ? `${oneDecimal.format(Math.abs(change))} points` : formatValue(Math.abs(change), kind, unit);
  return `${sign}${size}`;
}

export const direction = (change: number | null | undefined) =>
  change === null || change === undefined ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';

/** Program years run 1 July to 30 June: PY2024 is July 2024 to June 2025. */
export const programYearRange = (year: number) => ({ from: `${year}-07-01`, to: `${year + 1}-06-30` });

/** The newest program year that has ended by `today`. */
export function lastEndedProgramYear(today = new Date()): number {
  const year = today.getUTCFullYear();
  return today.getUTCMonth() >= 6 ? year - 1 : year - 2;
}

export const DIMENSION_LABELS: Record<string, string> = {
  SEX: 'Sex',
  RACE_GROUP: 'Race group',
  AGE_BAND: 'Age band',
  PARTNER: 'Partner',
};

export const humanize = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((word, i) => (i === 0 ? word[0].toUpperCase() + word.slice(1) : word))
    .join(' ');
