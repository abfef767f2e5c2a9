export interface DurationParse {
  months: number | null;
  problem?: string;
}

const UNIT_MONTHS: Record<string, number> = {
  y: 12, yr: 12, yrs: 12, year: 12, years: 12,
  m: 1, mo: 1, mos: 1, mth: 1, mths: 1, month: 1, months: 1,
  w: 0, wk: 0, wks: 0, week: 0, weeks: 0,
};

/**
 * Reads a contract term as whole months. `defaultUnit` comes from the header
 * ("Duration (years)"). Example: `parseDuration('3 years')` gives `{ months: 36 }`;
 * `parseDuration('1 year 6 months')` gives `{ months: 18 }`.
 */
export function parseDuration(raw: string, defaultUnit: 'months' | 'years' = 'months'): DurationParse | null {
  const text = raw.trim().toLowerCase();
  if (text === '' || /^(?:-|n\/?a|tbc|none)$/.test(text)) return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const n = Number(text) * (defaultUnit === 'years' ? 12 : 1);
    return Number.isInteger(n) ? { months: n } : { months: null, problem: `${text} ${defaultUnit} is not a whole number of months` };
  }
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
  const rest = text.replace(/(\d+(?:\.\d+)?)\s*([a-z]+)/g, '').replace(/[\s,+&]|and/g, '');
  if (parts.length === 0 || rest !== '') return { months: null, problem: 'not a duration such as "36", "36 months" or "3 years"' };
  let months = 0;
  for (const [, n, unit] of parts) {
    const factor = UNIT_MONTHS[unit];
    if (factor === undefined || factor === 0) return { months: null, problem: `unit "${unit}" is not months or years` };
    months += Number(n) * factor;
  }
  return Number.isInteger(months) ? { months } : { months: null, problem: 'not a whole number of months' };
}
