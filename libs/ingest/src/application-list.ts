import { CalendarDate } from './calendar-date';
import { normaliseHeader } from './columns';
import { CouncilDirectory } from './councils';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';
import { decodeChunks, detectEncoding, EncodingGuess, NotTextError, repairMojibake } from './decode-text';
import { parseUkDate } from './parse-date';
import { sniffDelimiter, RegisterSource } from './read-register';
import { RegisterError, RowIssue } from './row-issue';

/**
 * A council's application list: the systems it runs, including those no contract in the
 * register pays for. Read by the same machinery as registers (encodings, title rows, header
 * search, day-first dates, councils), with its own column names.
 */
export const APPLICATION_FIELDS = ['system', 'product', 'supplier', 'serviceArea', 'hosting', 'endOfSupport', 'notes', 'council'] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

const ALIASES: Record<ApplicationField, string[]> = {
  system: ['system', 'system name', 'application', 'application name', 'app', 'app name', 'name', 'business system', 'line of business system'],
  product: ['product', 'product name', 'software', 'software product', 'package', 'platform', 'product platform'],
  supplier: ['supplier', 'supplier name', 'vendor', 'vendor name', 'manufacturer', 'provider'],
  serviceArea: ['service', 'service area', 'department', 'directorate', 'business area', 'service supported', 'used by'],
  hosting: ['hosting', 'hosted', 'hosting model', 'deployment', 'deployment model', 'where hosted', 'hosting type', 'location'],
  endOfSupport: ['end of support', 'end of life', 'support end date', 'eol', 'support ends', 'end of support date', 'eos', 'out of support'],
  notes: ['notes', 'comments', 'remarks'],
  council: ['council', 'local authority', 'organisation', 'authority', 'gss code'],
};
const LOOKUP = new Map<string, ApplicationField>();
for (const f of APPLICATION_FIELDS) for (const a of ALIASES[f]) LOOKUP.set(a, f);

export type Hosting = 'on-premises' | 'hosted' | 'saas' | 'cloud';

/** How a system is hosted, from what councils write ("On Prem", "Supplier hosted", "SaaS", "Azure"). */
export function parseHosting(raw: string): Hosting | null {
  const t = raw.trim().toLowerCase();
  if (!t) return null;
  if (/\b(saas|software as a service)\b/.test(t)) return 'saas';
  if (/\b(on[- ]?prem(ise|ises)?|in[- ]house|council data ?cent(re|er)|local server)\b/.test(t)) return 'on-premises';
  if (/\b(azure|aws|amazon web services|google cloud|gcp|public cloud|private cloud|cloud)\b/.test(t)) return 'cloud';
  if (/\b(hosted|supplier[- ]hosted|managed service|third[- ]party hosted)\b/.test(t)) return 'hosted';
  return null;
}

export interface ApplicationRow {
  row: number;
  councilCode: string;
  system: string;
  product: string | null;
  supplier: string | null;
  serviceArea: string | null;
  hosting: Hosting | null;
  endOfSupport: CalendarDate | null;
  notes: string | null;
}

export interface ApplicationList {
  encoding: EncodingGuess;
  headerRow: number;
  columns: { header: string; field: ApplicationField | null }[];
  rows: ApplicationRow[];
  issues: RowIssue[];
  /** Data rows in the file (blank rows left out): every one is in `rows` or has an error in `issues`. */
  total: number;
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/**
 * Reads an application list. Example: a file whose header is
 * `Application Name,Vendor,Hosting,End of Support` and whose row is
 * `Uniform,Idox,On Prem,31/03/2027` gives system "Uniform", hosting "on-premises", end of support 2027-03-31.
 */
export async function readApplicationList(source: RegisterSource, options: { councils: CouncilDirectory; council?: string | null }): Promise<ApplicationList> {
  let encoding: EncodingGuess;
  try {
    encoding = await detectEncoding(source.open());
  } catch (e) {
    if (e instanceof NotTextError) throw new RegisterError(e.code, e.message, source.name);
    throw e;
  }
  let text = '';
  for await (const piece of decodeChunks(source.open(), encoding.encoding)) text += piece;
  const tokenizer = new CsvTokenizer(sniffDelimiter(text));
  let records: string[][];
  try {
    records = [...tokenizer.push(text), ...tokenizer.end()];
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new RegisterError('CSV_MALFORMED', `${e.message} (line ${e.line})`, source.name);
    throw e;
  }
  const headerIndex = records.slice(0, 30).findIndex((r) => r.filter((h) => LOOKUP.has(normaliseHeader(h))).length >= 2 && r.some((h) => LOOKUP.get(normaliseHeader(h)) === 'system'));
  if (headerIndex < 0) {
    throw new RegisterError('NO_HEADER_ROW', 'no header row found in the first 30 rows: an application list needs a column such as "Application Name" or "System" and at least one more such as "Supplier", "Hosting" or "End of Support"', source.name);
  }
  const taken = new Set<ApplicationField>();
  const columns = records[headerIndex].map((header) => {
    let field = LOOKUP.get(normaliseHeader(header)) ?? null;
    if (field && taken.has(field)) field = null;
    if (field) taken.add(field);
    return { header: header.trim(), field };
  });
  const at = (field: ApplicationField) => columns.findIndex((c) => c.field === field);
  const col = Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, at(f)])) as Record<ApplicationField, number>;
  const rows: ApplicationRow[] = [];
  const issues: RowIssue[] = [];
  let total = 0;
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i].map((c) => (repairMojibake(c) ?? c).trim());
    if (isBlank(cells)) continue;
    total++;
    const row = i + 1;
    const cell = (f: ApplicationField) => (col[f] >= 0 ? cells[col[f]] ?? '' : '');
    const note = (f: ApplicationField | null, value: string | null, code: string, severity: RowIssue['severity'], message: string) =>
      issues.push({ row, column: f ? columns[col[f]].header : null, value, code, severity, message });
    let councilCode = options.council ?? null;
    const councilText = cell('council');
    if (councilText) {
      const match = options.councils.resolve(councilText);
      if (match.kind !== 'found') {
        note('council', councilText, match.kind === 'ambiguous' ? 'COUNCIL_AMBIGUOUS' : 'COUNCIL_UNKNOWN', 'error', 'not one council the register knows');
        continue;
      }
      if (options.council && match.code !== options.council) {
        note('council', councilText, 'COUNCIL_MISMATCH', 'error', `row belongs to ${match.code}, but this upload is for ${options.council}`);
        continue;
      }
      councilCode = match.code;
    }
    if (!councilCode) {
      note('council', null, 'COUNCIL_MISSING', 'error', 'no council in this row and none given for the file');
      continue;
    }
    const system = cell('system');
    if (!system) {
      note('system', null, 'SYSTEM_MISSING', 'error', 'no system or application name');
      continue;
    }
    const hostingText = cell('hosting');
    const hosting = hostingText ? parseHosting(hostingText) : null;
    if (hostingText && !hosting) note('hosting', hostingText, 'HOSTING_UNKNOWN', 'warning', 'not a hosting model the register knows (on-premises, hosted, SaaS, cloud); left empty');
    let endOfSupport: CalendarDate | null = null;
    const eos = cell('endOfSupport');
    if (eos) {
      const parsed = parseUkDate(eos);
      if (parsed?.ok) endOfSupport = parsed.value;
      else note('endOfSupport', eos, parsed?.ok === false ? parsed.code : 'DATE_INVALID', 'warning', `${parsed?.ok === false ? parsed.message : 'not a date'}; left empty`);
    }
    rows.push({
      row, councilCode, system, product: cell('product') || null, supplier: cell('supplier') || null, serviceArea: cell('serviceArea') || null,
      hosting, endOfSupport, notes: cell('notes') || null,
    });
  }
  return { encoding, headerRow: headerIndex + 1, columns, rows, issues, total };
}
