/**
 * Register dialects: each council's own header names, column order, title rows, date style,
 * money style, category words, extension wording, delimiter, quoting, line endings and encoding;
 * plus OCDS-flattened exports, Contracts-Finder exports and multi-council extracts. Renders
 * WorldContracts into a file and records the truth of every row from what was actually written.
 */
import { addMonths, Day, DateStyle, formatDate, toIso } from './calendar';
import { CATEGORY_WORDS } from './contract-templates';
import { remainingOptions, termMonths, WorldContract } from './contract-world';
import { encodeText, mojibake, representableIn1252, serializeTable, TableLayout, TextEncoding } from './file-writer';
import { Rng } from './prng';
import { CouncilRef } from './reference-data';
import {
  councilName, CouncilNaming, extensionCell, ExtensionUnit, extensionProse, formatMoney, jointCouncilName,
  MONEY_PLACEHOLDERS, MoneyStyle, MoneyUnit, round2,
} from './register-wording';
import { entity, NO_SUPPLIER_CELLS, SpellingStyle, spellSupplier } from './supplier-world';
import { EvaluationFile, TruthContract } from './truth';

export type Family = 'register' | 'period' | 'ocds' | 'cf' | 'extract' | 'cf-extract';

export type ColumnKind =
  | 'ref' | 'title' | 'desc' | 'supplier' | 'supplierCF' | 'council' | 'buyer'
  | 'start' | 'end' | 'period' | 'finalEnd' | 'duration' | 'annual' | 'total' | 'low' | 'high' | 'awarded'
  | 'ext' | 'category' | 'department' | 'contact' | 'email' | 'notes' | 'route' | 'lot' | 'status' | 'sme'
  | 'awardDate' | 'reviewDate' | 'currency' | 'blank' | 'const' | 'cpvCode' | 'cpvCodes' | 'published' | 'closing'
  | 'postcode' | 'phone' | 'website' | 'address1' | 'town' | 'plannedStart' | 'plannedEnd';

export interface Column {
  kind: ColumnKind;
  header: string;
  money?: MoneyUnit;
  ext?: ExtensionUnit | 'prose';
  dateStyle?: DateStyle;
  value?: string;
  /** Description cell that also states the extension options in prose (CF exports). */
  extensionProse?: boolean;
}

export type QuoteMode = 'minimal' | 'all' | 'spaces';

export interface FileDialect {
  family: Family;
  columns: Column[];
  layout: TableLayout;
  quoteMode: QuoteMode;
  encoding: TextEncoding;
  trailingEol: boolean;
  preamble: string[][];
  dateStyle: DateStyle;
  altDateStyle: DateStyle | null;
  altDateRate: number;
  startBlankRate: number;
  moneyStyle: MoneyStyle;
  moneyPlaceholderRate: number;
  categoryStyle: 'specific' | 'ict' | 'cpv' | 'cpv-code';
  categoryBlankRate: number;
  refBlankRate: number;
  htmlTitles: boolean;
  /** Text pasted from Word: apostrophes and quotes are curly (bytes 0x91-0x94 in Windows-1252). */
  curlyQuotes: boolean;
  mojibake: boolean;
  sortBy: 'ref' | 'end' | 'start' | 'supplier' | 'title' | 'none';
  councilNaming: readonly (readonly [CouncilNaming, number])[];
  dropLastFieldRate: number;
  describe: string;
}

export function extensionColumn(d: FileDialect): Column | undefined {
  return d.columns.find((c) => c.kind === 'ext' || c.extensionProse);
}

export function canShowTaken(d: FileDialect): boolean {
  const col = d.columns.find((c) => c.kind === 'ext');
  return col !== undefined && (col.ext === 'generic' || col.ext === 'yesno');
}

// ---------------------------------------------------------------------------------------------
// Header pools

const REF_HEADERS = ['Ref', 'Contract No.', 'Our Ref', 'Contract Reference', 'Reference Number', 'Contract ID', 'Ref No', 'PCS Ref', 'Contract Ref.', 'ID', 'Contract Number'];
const TITLE_HEADERS = ['Contract Title', 'Title', 'Description', 'Contract Description', 'Contract Name', 'Subject', 'Goods/Services', 'Requirement', 'Contract', 'Title of Contract'];
const DESC_HEADERS = ['Scope', 'Description of Requirement', 'Details', 'Summary', 'Contract Scope'];
const SUPPLIER_HEADERS = ['Supplier', 'Contractor', 'Supplier Name', 'Awarded To', 'Vendor', 'Successful Supplier', 'Provider', 'Contractor Name', 'Supplier(s)', 'Contractor / Supplier', 'Supplier Details'];
const START_HEADERS = ['Start Date', 'Commencement', 'Award Date / Start', 'Start (award) date', 'Contract Start Date (dd/mm/yyyy)', 'Date From', 'Contract Start', 'Commencement Date', 'From', 'Start'];
const END_HEADERS = ['Expiry', 'End date (current)', 'Contract End', 'End Date', 'Expiry Date', 'Date To', 'Contract End Date (dd/mm/yyyy)', 'Current Expiry Date', 'To', 'Expires', 'End Date (excl. extensions)'];
const PERIOD_HEADERS = ['Contract Period', 'Period', 'Contract Dates', 'Term (from - to)', 'Duration (Start - End)'];
const CATEGORY_HEADERS = ['Category', 'Commodity', 'Spend Category', 'Procurement Category', 'Category / Sub-category', 'Contract Category'];
const DEPT_HEADERS = ['Service Area', 'Department', 'Directorate', 'Service', 'Lead Service', 'Budget Holder'];
const EXT_HEADERS: readonly (readonly [string, ExtensionUnit])[] = [
  ['Extension Options', 'generic'], ['Extension Period', 'generic'], ['Extensions Available', 'generic'], ['Options to Extend', 'generic'],
  ['Extension Option(s) Remaining', 'generic'], ['Extension', 'generic'], ['Ext Options', 'generic'], ['Possible Extensions', 'generic'],
  ['Ext. (months)', 'months'], ['Extension (months)', 'months'], ['Extension Period (Months)', 'months'],
  ['Extension (years)', 'years'], ['Ext (Yrs)', 'years'], ['Extension Options (years)', 'years'],
  ['Option to Extend', 'yesno'], ['Extension Option? (Y/N + detail)', 'yesno'],
];
const ANNUAL_HEADERS: readonly (readonly [string, MoneyUnit])[] = [
  ['Annual Value (£)', 'gbp'], ['Value p.a.', 'gbp'], ['Annual Value', 'gbp'], ['Est. Annual Spend (£)', 'gbp'], ['Annual Cost', 'gbp'],
  ['Yearly Value £', 'gbp'], ['Annual Contract Value', 'gbp'], ['Value per annum', 'gbp'], ['Annual Value (£k)', 'k'], ['Annual Spend £000', 'k'],
];
const TOTAL_HEADERS: readonly (readonly [string, MoneyUnit])[] = [
  ['Total Contract Value', 'gbp'], ['Whole Life Cost', 'gbp'], ['Contract Value (£)', 'gbp'], ['Total Value', 'gbp'], ['Estimated Total Value (ex VAT)', 'gbp'],
  ['Lifetime Value £', 'gbp'], ['Estimated Contract Value', 'gbp'], ['Estimated Value (£k)', 'k'], ['Total Value (£000s)', 'k'], ['Contract Value £k', 'k'],
  ['Value (£m)', 'm'], ['Total Value (£m)', 'm'], ['Whole Life Value (£m)', 'm'],
];
const EXTRA_COLUMNS: readonly (() => Column)[] = [
  () => ({ kind: 'contact', header: 'Contact' }),
  () => ({ kind: 'contact', header: 'Contract Manager' }),
  () => ({ kind: 'contact', header: 'Lead Officer' }),
  () => ({ kind: 'notes', header: 'Notes' }),
  () => ({ kind: 'notes', header: 'Comments' }),
  () => ({ kind: 'route', header: 'Procurement Route' }),
  () => ({ kind: 'route', header: 'Route to Market' }),
  () => ({ kind: 'lot', header: 'Lot' }),
  () => ({ kind: 'status', header: 'Status' }),
  () => ({ kind: 'sme', header: 'SME (Y/N)' }),
  () => ({ kind: 'reviewDate', header: 'Review Date' }),
  () => ({ kind: 'currency', header: 'Currency' }),
  () => ({ kind: 'blank', header: '' }),
];

const DATE_STYLES: readonly (readonly [DateStyle, number])[] = [
  ['dd/mm/yyyy', 30], ['d/m/yyyy', 6], ['dd/mm/yy', 5], ['dd.mm.yy', 6], ['dd.mm.yyyy', 5], ['dd-mm-yyyy', 4], ['d-Mon-yy', 7],
  ['dd-Mon-yyyy', 5], ['d Mon yyyy', 4], ['ordinal Month yyyy', 3], ['d Month yyyy', 4], ['iso', 6], ['iso 00:00:00', 4],
  ['dd/mm/yyyy 00:00', 3], ['excel', 4],
];

const START_BLANKS = ['', 'TBC', 'n/a', 'N/A', '-', 'tbc', 'Not known', ''];
const END_ROLLING = ['Rolling', 'Ongoing', 'TBC', 'Annual rolling', 'Until terminated'];

const POSTCODE_AREA: Readonly<Record<string, string>> = {
  ABE: 'AB10', ABD: 'AB16', AGB: 'PA31', ANS: 'DD8', CLK: 'FK10', DGY: 'DG1', DND: 'DD1', EAY: 'KA3', EDU: 'G66', ELN: 'EH41',
  ERW: 'G46', EDH: 'EH8', ELS: 'HS1', FAL: 'FK1', FIF: 'KY7', GLG: 'G2', HLD: 'IV3', IVC: 'PA15', MLN: 'EH22', MRY: 'IV30',
  NAY: 'KA12', NLK: 'ML1', ORK: 'KW15', PKN: 'PH1', RFW: 'PA1', SCB: 'TD6', ZET: 'ZE1', SAY: 'KA7', SLK: 'ML3', STG: 'FK8',
  WDU: 'G82', WLN: 'EH54',
};

function styleHeader(h: string, mode: 'as-is' | 'upper' | 'snake' | 'star'): string {
  if (h === '') return h;
  switch (mode) {
    case 'upper': return h.toUpperCase();
    case 'snake': return h.toLowerCase().replace(/[^a-z0-9£]+/g, '_').replace(/^_+|_+$/g, '');
    case 'star': return `${h}*`;
    default: return h;
  }
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Dialect construction

export interface DialectChoice {
  family: 'register' | 'period' | 'ocds' | 'cf';
  encoding: TextEncoding;
  delimiter: ',' | '\t' | ';';
  eol: '\r\n' | '\n';
  extensionCapable: boolean;
  mojibake: boolean;
}

function commonBits(rng: Rng) {
  return {
    dateStyle: rng.weighted(DATE_STYLES),
    altDateStyle: rng.chance(0.3) ? rng.pick<DateStyle>(['excel', 'iso 00:00:00', 'd Month yyyy', 'dd/mm/yy', 'ordinal Month yyyy']) : null,
    altDateRate: rng.pick([0.05, 0.1, 0.2, 0.3]),
    startBlankRate: rng.pick([0, 0.02, 0.05, 0.1, 0.15]),
    moneyStyle: rng.weighted<MoneyStyle>([['plain', 3], ['commas', 3], ['pound-commas', 4], ['pound-pence', 2], ['short', 2], ['pence-plain', 1], ['pound-space', 1]]),
    moneyPlaceholderRate: rng.pick([0, 0.03, 0.06, 0.12]),
    categoryStyle: rng.weighted<FileDialect['categoryStyle']>([['specific', 5], ['ict', 3], ['cpv', 1.5], ['cpv-code', 0.5]]),
    categoryBlankRate: rng.pick([0, 0.05, 0.1, 0.2, 0.3]),
    refBlankRate: rng.pick([0, 0, 0.02, 0.08]),
    sortBy: rng.pick<FileDialect['sortBy']>(['ref', 'end', 'start', 'supplier', 'title', 'none', 'none']),
  };
}

function makePreamble(rng: Rng, council: CouncilRef | null, today: Day, width: number): string[][] {
  if (rng.chance(0.35)) return [];
  const rows: string[][] = [];
  const title = council
    ? rng.pick([council.official, council.official.toUpperCase(), `${council.official} - Contract Register`, council.nice])
    : rng.pick(['Scottish councils - collaborative ICT contracts', 'Shared services contract extract']);
  rows.push([title]);
  if (rng.chance(0.7)) rows.push([rng.pick(['Contract Register - ICT', 'Contracts Register', 'ICT & Digital Contracts', 'Register of Contracts (ICT)', 'Contract Register - ICT & Digital Services'])]);
  if (rng.chance(0.6)) {
    const printed = today - rng.int(1, 25);
    rows.push([rng.pick([
      `Printed ${formatDate(printed, 'dd/mm/yyyy')}`,
      `Report run: ${formatDate(printed, 'dd/mm/yyyy')} 09:14`,
      `Data as at ${formatDate(printed, 'd Month yyyy')}`,
      `Published under the Procurement Reform (Scotland) Act 2014 - ${formatDate(printed, 'd Mon yyyy')}`,
    ])]);
  }
  const blanks = rng.int(0, 2);
  for (let i = 0; i < blanks; i++) rows.push(['']);
  const pad = rng.chance(0.4);
  return rows.map((r) => (pad ? [...r, ...Array(Math.max(0, width - r.length)).fill('')] : r));
}

function registerColumns(rng: Rng, withExtension: boolean, period: boolean): { columns: Column[]; notes: string[] } {
  const notes: string[] = [];
  const head: Column[] = [];
  if (rng.chance(0.9)) head.push({ kind: 'ref', header: rng.pick(REF_HEADERS) });
  head.push({ kind: 'title', header: rng.pick(TITLE_HEADERS) });
  if (rng.chance(0.25)) head.push({ kind: 'desc', header: rng.pick(DESC_HEADERS) });
  const supplier: Column = { kind: 'supplier', header: rng.pick(SUPPLIER_HEADERS) };
  const dept: Column | null = rng.chance(0.4) ? { kind: 'department', header: rng.pick(DEPT_HEADERS) } : null;
  let category: Column | null = null;
  if (rng.chance(0.78)) {
    category = rng.chance(0.1) ? { kind: 'category', header: 'Commodity Code' } : { kind: 'category', header: rng.pick(CATEGORY_HEADERS) };
  }
  const dates: Column[] = [];
  if (period) {
    dates.push({ kind: 'period', header: rng.pick(PERIOD_HEADERS) });
  } else {
    const startHeader = rng.pick(START_HEADERS);
    if (rng.chance(0.96)) dates.push({ kind: 'start', header: startHeader });
    dates.push({ kind: 'end', header: rng.pick(END_HEADERS) });
    if (!/award/i.test(startHeader) && rng.chance(0.15)) dates.unshift({ kind: 'awardDate', header: rng.pick(['Date Awarded', 'Award Date']) });
  }
  if (rng.chance(0.2)) dates.push({ kind: 'duration', header: rng.pick(['Duration (months)', 'Contract Duration', 'Term']) });
  const ext: Column[] = [];
  if (withExtension) {
    const [header, unit] = rng.pick(EXT_HEADERS);
    ext.push({ kind: 'ext', header, ext: unit });
    if (rng.chance(0.12)) ext.push({ kind: 'finalEnd', header: rng.pick(['Final End Date (incl. extensions)', 'Max Expiry (all options)', 'Latest Possible End Date']) });
  }
  const values: Column[] = [];
  const mode = rng.weighted([['annual', 3], ['total', 3.5], ['both', 3.5], ['range', 0.6]] as const);
  if (mode === 'range') {
    const [lo, hi] = rng.pick([['Value Low', 'Value High'], ['Min Value (£)', 'Max Value (£)'], ['Estimated Value - Low', 'Estimated Value - High']]);
    values.push({ kind: 'low', header: lo, money: 'gbp' }, { kind: 'high', header: hi, money: 'gbp' });
  }
  if (mode === 'annual' || mode === 'both') {
    const [header, unit] = rng.pick(ANNUAL_HEADERS);
    values.push({ kind: 'annual', header, money: unit });
  }
  if (mode === 'total' || mode === 'both') {
    const [header, unit] = rng.pick(TOTAL_HEADERS);
    values.push({ kind: 'total', header, money: unit });
  }
  notes.push(`values ${values.map((v) => `${v.kind}[${v.money}]`).join('+')}`);
  const extras = rng.sample(EXTRA_COLUMNS, rng.int(0, 4)).map((f) => f());
  let order: Column[] = [...head];
  const mid: Column[] = [supplier, ...(dept ? [dept] : []), ...(category ? [category] : [])];
  const tail: Column[] = [...dates, ...ext, ...values];
  if (rng.chance(0.3)) {
    order = [...order, ...tail.filter((c) => !values.includes(c)), ...mid, ...values];
  } else if (rng.chance(0.25)) {
    order = [...order, ...mid, ...values, ...dates, ...ext];
  } else {
    order = [...order, ...mid, ...tail];
  }
  order.push(...extras);
  if (rng.chance(0.15) && order[0].kind === 'ref') order.push(order.shift() as Column);
  if (category && rng.chance(0.2)) {
    order = order.filter((c) => c !== category);
    order.push(category);
  }
  return { columns: order, notes };
}

function headerStyleFor(rng: Rng, cols: Column[]): string {
  const mode = rng.weighted([['as-is', 14], ['upper', 3], ['snake', 2], ['star', 1]] as const);
  for (const c of cols) c.header = styleHeader(c.header, mode);
  // a header typed with Alt+Enter in Excel spans two physical lines
  if (rng.chance(0.1)) {
    const c = cols.find((x) => x.kind === 'start' || x.kind === 'end');
    if (c && !c.header.includes('(')) c.header = `${c.header}\n(dd/mm/yyyy)`;
  }
  return mode;
}

export function makeCouncilDialect(rng: Rng, council: CouncilRef, choice: DialectChoice, today: Day): FileDialect {
  const bits = commonBits(rng);
  if (choice.family === 'ocds') return makeOcdsDialect(rng, bits);
  if (choice.family === 'cf') return makeCfDialect(rng, bits, false, council, today);
  const { columns, notes } = registerColumns(rng, choice.extensionCapable, choice.family === 'period');
  const headerMode = headerStyleFor(rng, columns);
  const quoteMode: QuoteMode = rng.chance(0.25) ? 'all' : 'minimal';
  const preamble = makePreamble(rng, council, today, columns.length);
  const d: FileDialect = {
    family: choice.family,
    columns,
    layout: { delimiter: choice.delimiter, eol: choice.eol, quoteAll: quoteMode === 'all' },
    quoteMode,
    encoding: choice.encoding,
    trailingEol: rng.chance(0.8),
    preamble,
    ...bits,
    htmlTitles: rng.chance(0.08),
    curlyQuotes: choice.encoding === 'windows-1252' ? rng.chance(0.7) : rng.chance(0.25),
    mojibake: choice.mojibake,
    councilNaming: [['official', 6], ['upper', 2], ['nice', 1]],
    dropLastFieldRate: 0,
    describe: '',
  };
  fixCommodityCode(d);
  const ext = columns.find((c) => c.kind === 'ext');
  d.describe = [
    choice.family === 'period' ? 'register with one "from - to" period column' : 'register', encodingLabel(d), `headers ${headerMode}`, `${preamble.length} title/blank rows above header`,
    `dates ${d.dateStyle}${d.altDateStyle ? ` (+${Math.round(d.altDateRate * 100)}% ${d.altDateStyle})` : ''}`,
    ...notes, ext ? `extension "${ext.header.replace(/\n/g, ' ')}" (${ext.ext})` : 'no extension column',
    `category ${columns.some((c) => c.kind === 'category') ? d.categoryStyle : 'none'}`, d.mojibake ? 'double-encoded (mojibake) UTF-8' : '',
  ].filter(Boolean).join('; ');
  return d;
}

/** A "Commodity Code" column holds CPV codes, whatever the council's usual category words. */
function fixCommodityCode(d: FileDialect): void {
  if (d.columns.some((c) => c.kind === 'category' && /commodity.code/i.test(c.header))) d.categoryStyle = 'cpv-code';
}

function encodingLabel(d: Pick<FileDialect, 'encoding' | 'layout' | 'quoteMode'>): string {
  const delim = d.layout.delimiter === ',' ? 'comma' : d.layout.delimiter === '\t' ? 'tab' : 'semicolon';
  return `${d.encoding}, ${delim}, ${d.layout.eol === '\r\n' ? 'CRLF' : 'LF'}, quote ${d.quoteMode}`;
}

function makeOcdsDialect(rng: Rng, bits: ReturnType<typeof commonBits>): FileDialect {
  const columns: Column[] = [
    { kind: 'ref', header: 'ocid' },
    { kind: 'const', header: 'release_tag', value: 'award' },
    { kind: 'buyer', header: 'buyer_name' },
    { kind: 'title', header: 'tender_title' },
    { kind: 'desc', header: 'tender_description' },
    { kind: 'cpvCode', header: 'classification_id' },
    { kind: 'category', header: 'classification_description' },
    { kind: 'supplier', header: 'awards_0_suppliers_0_name' },
    { kind: 'total', header: 'value_amount', money: 'gbp' },
    { kind: 'currency', header: 'value_currency' },
    { kind: 'start', header: 'contractPeriod_startDate', dateStyle: 'iso 00:00:00' },
    { kind: 'end', header: 'contractPeriod_endDate', dateStyle: 'iso T00Z' },
    { kind: 'duration', header: 'contract_length_months' },
    { kind: 'ext', header: 'renewal_description', ext: 'prose' },
  ];
  const d: FileDialect = {
    family: 'ocds',
    columns,
    layout: { delimiter: ',', eol: '\n', quoteAll: false },
    quoteMode: 'minimal',
    encoding: 'utf8',
    trailingEol: true,
    preamble: [],
    ...bits,
    altDateStyle: null,
    moneyStyle: 'plain',
    moneyPlaceholderRate: 0.03,
    categoryStyle: 'cpv',
    categoryBlankRate: 0,
    htmlTitles: rng.chance(0.6),
    curlyQuotes: false,
    mojibake: false,
    councilNaming: [['official', 5], ['upper', 3], ['nice', 1]],
    dropLastFieldRate: 0,
    describe: '',
  };
  d.describe = `OCDS-flattened export; ${encodingLabel(d)}; ISO dates (start "YYYY-MM-DD 00:00:00", end "YYYY-MM-DDT00:00:00Z"); value_amount = total; extensions only in renewal_description prose; CPV label as category${d.htmlTitles ? '; HTML entities in text' : ''}`;
  return d;
}

const CF_HEADERS: readonly (readonly [string, ColumnKind, string?])[] = [
  ['Notice Identifier', 'ref'], ['Notice Type', 'const', 'Contract'], ['Organisation Name', 'buyer'], ['Status', 'const', 'Awarded'],
  ['Published Date', 'published'], ['Title', 'title'], ['Description', 'desc'], ['Nationwide', 'const', ''], ['Postcode', 'postcode'],
  ['Region', 'const', 'Scotland'], ['Cpv Codes', 'cpvCodes'], ['Contact Name', 'contact'], ['Contact Email', 'email'],
  ['Contact Address 1', 'address1'], ['Contact Address 2', 'const', ''], ['Contact Town', 'town'], ['Contact Postcode', 'postcode'],
  ['Contact Country', 'const', 'United Kingdom'], ['Contact Telephone', 'phone'], ['Contact Website', 'website'], ['Attachments', 'const', ''],
  ['Links', 'const', ''], ['Additional Text', 'const', ''], ['Start Date', 'plannedStart'], ['End Date', 'plannedEnd'], ['Closing Date', 'closing'],
  ['Is sub-contract', 'const', 'NO'], ['Parent Reference', 'const', ''], ['Suitable for SME', 'const', 'Yes'], ['Suitable for VCO', 'const', 'No'],
  ['Supply Chain', 'const', 'No'], ['OJEU Contract Type', 'const', 'Services'], ['Value Low', 'low'], ['Value High', 'high'],
  ['Awarded Date', 'awardDate'], ['Awarded Value', 'awarded'], ['Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]', 'supplierCF'],
  ["Supplier's contact name", 'const', ''], ['Contract start date', 'start'], ['Contract end date', 'end'],
  ['OJEU Procedure Type', 'const', 'OpenOJEU '], ['Accelerated Justification', 'const', ''], ['Closing Time', 'const', '12:00'],
];

function makeCfDialect(rng: Rng, bits: ReturnType<typeof commonBits>, multiCouncil: boolean, council: CouncilRef | null, today: Day): FileDialect {
  void council;
  void today;
  const columns: Column[] = CF_HEADERS.map(([header, kind, value]) => {
    const c: Column = { kind, header };
    if (value !== undefined) c.value = value;
    if (kind === 'desc') c.extensionProse = true;
    if (kind === 'start' || kind === 'end' || kind === 'plannedStart' || kind === 'plannedEnd' || kind === 'closing' || kind === 'awardDate') c.dateStyle = 'dd/mm/yyyy';
    if (kind === 'low' || kind === 'high' || kind === 'awarded') c.money = 'gbp';
    return c;
  });
  const d: FileDialect = {
    family: multiCouncil ? 'cf-extract' : 'cf',
    columns,
    layout: { delimiter: ',', eol: '\r\n', quoteAll: false },
    quoteMode: 'spaces',
    encoding: rng.chance(0.7) ? 'utf8' : 'utf8-bom',
    trailingEol: true,
    preamble: [],
    ...bits,
    dateStyle: 'dd/mm/yyyy',
    altDateStyle: null,
    moneyStyle: 'plain',
    moneyPlaceholderRate: 0,
    categoryStyle: 'cpv-code',
    categoryBlankRate: 0,
    refBlankRate: 0,
    htmlTitles: rng.chance(0.5),
    curlyQuotes: false,
    mojibake: false,
    councilNaming: multiCouncil
      ? [['official', 4], ['upper', 3], ['alt', 2], ['nice', 1]]
      : [['official', 5], ['upper', 3], ['nice', 1]],
    dropLastFieldRate: 0.3,
    describe: '',
  };
  d.describe = `Contracts Finder CSV export (43 columns${multiCouncil ? ', several councils in Organisation Name' : ''}); ${encodingLabel(d)}; dd/mm/yyyy; Value Low/High/Awarded Value (totals, some ranges); pipe-separated supplier cell; extensions only in Description prose; ~30% of rows short of the last field`;
  return d;
}

/** Multi-council extracts. */
export function makeExtractDialect(rng: Rng, kind: 'register' | 'cf', today: Day): FileDialect {
  const bits = commonBits(rng);
  if (kind === 'cf') return makeCfDialect(rng, bits, true, null, today);
  const { columns, notes } = registerColumns(rng, true, false);
  const ext = columns.find((c) => c.kind === 'ext') as Column;
  ext.ext = 'generic';
  ext.header = rng.pick(['Extension Options', 'Extension Period', 'Options to Extend']);
  const councilCol: Column = { kind: 'council', header: rng.pick(['Council', 'Local Authority', 'Authority', 'Buyer', 'Contracting Authority', 'Organisation']) };
  columns.splice(rng.chance(0.6) ? 0 : 1, 0, councilCol);
  const headerMode = headerStyleFor(rng, columns);
  const encoding: TextEncoding = rng.pick(['utf8-bom', 'windows-1252', 'utf8']);
  const d: FileDialect = {
    family: 'extract',
    columns,
    layout: { delimiter: ',', eol: rng.chance(0.6) ? '\r\n' : '\n', quoteAll: false },
    quoteMode: 'minimal',
    encoding,
    trailingEol: true,
    preamble: makePreamble(rng, null, today, columns.length),
    ...bits,
    htmlTitles: false,
    curlyQuotes: encoding === 'windows-1252',
    mojibake: false,
    councilNaming: [['gss', 3], ['official', 3], ['nice', 2], ['alt', 3], ['upper', 2]],
    dropLastFieldRate: 0,
    describe: '',
  };
  fixCommodityCode(d);
  d.describe = [
    `multi-council extract with "${councilCol.header}" column (GSS codes, official/short/alt names, upper case; joint rows name 2-3 councils)`,
    encodingLabel(d), `headers ${headerMode}`, `dates ${d.dateStyle}`, ...notes, `extension "${ext.header}" (generic)`,
  ].join('; ');
  return d;
}

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderContext {
  today: Day;
  spellingFor: (council: CouncilRef) => SpellingStyle;
}

interface RowRender {
  cells: string[];
  truth: Omit<TruthContract, 'file' | 'line'>;
}

function categoryCell(rng: Rng, d: FileDialect, c: WorldContract): string {
  if (c.flags.blankCategory || rng.chance(d.categoryBlankRate)) return '';
  const words = c.category === 'Not IT' ? c.template.notItWords : CATEGORY_WORDS[c.category];
  if (!words) return '';
  switch (d.categoryStyle) {
    case 'specific': return rng.pick(words.specific);
    case 'ict': return words.ict;
    case 'cpv': return d.family === 'ocds' ? words.cpv.replace(/^\d{8} - /, '') : words.cpv;
    case 'cpv-code': return words.cpv.slice(0, 8);
  }
}

function cpvCode(c: WorldContract): string {
  const words = c.category === 'Not IT' ? c.template.notItWords : CATEGORY_WORDS[c.category];
  return words ? words.cpv.slice(0, 8) : '72000000';
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/'/g, '&#039;').replace(/£/g, '&#xA3;');
}

function renderRow(rng: Rng, d: FileDialect, c: WorldContract, ctx: RenderContext): RowRender {
  const cols = d.columns;
  const has = (k: ColumnKind) => cols.some((x) => x.kind === k);
  const rowStyle: DateStyle = d.altDateStyle && rng.chance(d.altDateRate) ? d.altDateStyle : d.dateStyle;
  const fmt = (day: Day, col?: Column) => formatDate(day, col?.dateStyle ?? rowStyle);

  // dates
  const hasStart = has('start') || has('period');
  const startShown: Day | null = !hasStart || c.flags.blankStart || rng.chance(d.startBlankRate) ? null : c.start;
  const startBlankText = rng.pick(START_BLANKS);
  const endShown = c.shownEnd;
  const knownTerm = startShown !== null && endShown !== null ? termMonths(startShown, endShown) : null;

  // extension options
  const extCol = extensionColumn(d);
  const remaining = extCol ? remainingOptions(c) : [];
  let extText = '';
  let proseText = '';
  const foldedTerm = endShown !== null ? termMonths(c.start, endShown) : null;
  if (extCol) {
    if (extCol.kind === 'ext' && extCol.ext !== 'prose') {
      const showTaken = (extCol.ext === 'generic' || extCol.ext === 'yesno') && c.taken > 0;
      const cell = extensionCell(rng, showTaken ? c.allOptions : remaining, showTaken ? c.taken : 0, extCol.ext as ExtensionUnit, {
        termMonths: foldedTerm, shownEnd: endShown, dateStyle: rowStyle === 'excel' ? 'dd/mm/yyyy' : rowStyle, preferBare: c.flags.preferBare,
      });
      extText = cell.text;
    } else {
      proseText = extensionProse(rng, remaining, foldedTerm);
      extText = proseText;
    }
  }

  // money
  const trueTotal = endShown !== null ? round2((c.annual * termMonths(c.start, endShown)) / 12) : null;
  let annualStated: number | null = null;
  let totalStated: number | null = null;
  const money = new Map<Column, string>();
  const placeholder = () => rng.pick(MONEY_PLACEHOLDERS);
  for (const col of cols) {
    if (col.kind === 'annual') {
      if (rng.chance(d.moneyPlaceholderRate)) {
        money.set(col, placeholder());
      } else {
        const m = formatMoney(rng, c.annual, col.money ?? 'gbp', d.moneyStyle);
        money.set(col, m.text);
        annualStated = m.value;
      }
    } else if (col.kind === 'total') {
      if (trueTotal === null) {
        money.set(col, rng.pick(['n/a', 'Ongoing', '']));
      } else if (rng.chance(d.moneyPlaceholderRate)) {
        money.set(col, placeholder());
      } else {
        const m = formatMoney(rng, trueTotal, col.money ?? 'gbp', d.moneyStyle);
        money.set(col, m.text);
        totalStated = m.value;
      }
    }
  }
  if (has('low') || has('high') || has('awarded')) {
    // Contracts Finder style: an awarded value, or an estimated range whose top is the value
    // (registers with only Value Low / Value High columns always give a range)
    const lowCol = cols.find((x) => x.kind === 'low') as Column;
    const highCol = cols.find((x) => x.kind === 'high') as Column;
    const awCol = cols.find((x) => x.kind === 'awarded');
    const total = trueTotal ?? c.annual;
    const r = awCol ? rng.next() : rng.float(0.55, 1);
    const k = (v: number) => String(Math.max(1000, Math.round(v / 1000) * 1000));
    if (r < 0.55 && awCol) {
      const aw = formatMoney(rng, total, 'gbp', 'plain');
      money.set(awCol, aw.text);
      money.set(lowCol, k(total * rng.float(0.85, 1.1)));
      money.set(highCol, rng.chance(0.5) ? '' : (money.get(lowCol) as string));
      totalStated = aw.value;
    } else if (r < 0.8) {
      const high = Math.round(total / 1000) * 1000 || 1000;
      if (awCol) money.set(awCol, '');
      money.set(lowCol, k(high * rng.float(0.6, 0.9)));
      money.set(highCol, String(high));
      totalStated = high;
    } else {
      const high = Math.round(total / 1000) * 1000 || 1000;
      if (awCol) money.set(awCol, rng.pick(['0', '']));
      money.set(lowCol, rng.pick(['0', '1']));
      money.set(highCol, String(high));
      totalStated = high;
    }
  }
  const annualValue = annualStated ?? (totalStated !== null && knownTerm ? round2(totalStated / (knownTerm / 12)) : null);
  const totalValue = totalStated ?? (annualStated !== null && knownTerm ? round2((annualStated * knownTerm) / 12) : null);

  // supplier
  let supplierCell = '';
  let supplierRaw: string | null = null;
  if (c.supplierEntityId !== null) {
    const e = entity(c.supplierEntityId);
    const oldContract = c.start < ctx.today - 3 * 365;
    supplierCell = spellSupplier(rng, e, ctx.spellingFor(c.council), { oldContract });
    supplierRaw = supplierCell;
  } else {
    supplierCell = rng.pick(NO_SUPPLIER_CELLS);
  }

  // title, reference
  let title = d.htmlTitles ? htmlEscape(c.title) : c.title;
  if (d.curlyQuotes) {
    title = title.replace(/'/g, '’');
    if (rng.chance(0.05)) title = `“${title}”`;
    supplierCell = supplierCell.replace(/'/g, '’');
    if (supplierRaw !== null) supplierRaw = supplierCell;
  }
  let reference: string | null = null;
  const refCol = cols.find((x) => x.kind === 'ref');
  let refText = '';
  if (refCol) {
    if (d.family === 'ocds') refText = `ocds-r6ebe6-${c.council.code3.toLowerCase()}-${String(c.id).padStart(5, '0')}`;
    else if (d.family === 'cf' || d.family === 'cf-extract') refText = rng.chance(0.7) ? `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${hex(rng, 4)}-${hex(rng, 12)}` : `${c.council.code3}001-DN${rng.int(100000, 999999)}-${rng.int(10000000, 99999999)}`;
    else refText = rng.chance(d.refBlankRate) ? '' : c.reference;
    reference = refText === '' ? null : refText;
  }

  // councils
  const naming = rng.weighted(d.councilNaming);
  const councilText = c.partners.length > 0
    ? jointCouncilName(rng, [c.council, ...c.partners], naming === 'alt' || naming === 'nice' ? 'official' : naming)
    : councilName(rng, c.council, naming);

  const postcode = `${POSTCODE_AREA[c.council.code3] ?? 'EH1'} ${1 + (c.council.code3.charCodeAt(0) % 9)}${String.fromCharCode(65 + (c.council.code3.charCodeAt(1) % 26))}${String.fromCharCode(65 + (c.council.code3.charCodeAt(2) % 26))}`;
  const remainingSum = remaining.reduce((a, b) => a + b, 0);

  const cells: string[] = [];
  for (const col of cols) {
    let v = '';
    switch (col.kind) {
      case 'ref': v = refText; break;
      case 'title': v = title; break;
      case 'desc': {
        let desc = c.description;
        if (col.extensionProse && proseText) desc = `${desc}${rng.chance(0.5) ? '\n' : ' '}${proseText}`;
        v = d.htmlTitles ? htmlEscape(desc) : desc;
        break;
      }
      case 'supplier': v = supplierCell; break;
      case 'supplierCF': {
        if (supplierRaw === null) { v = ''; break; }
        const e = entity(c.supplierEntityId as string);
        v = `${supplierCell}|${e.address}|${/^\d|^SC|^NI/.test(e.companyNumber) ? 'COMPANIES_HOUSE' : ''}|${e.companyNumber}|${c.sme ? 'Yes' : 'No'}|No`;
        break;
      }
      case 'council': v = councilText; break;
      case 'buyer': v = councilText; break;
      case 'start': v = startShown === null ? startBlankText : fmt(startShown, col); break;
      case 'end': v = endShown === null ? rng.pick(END_ROLLING) : fmt(endShown, col); break;
      case 'period': {
        // typed text: never Excel serials
        const ps: DateStyle = rowStyle === 'excel' ? 'dd/mm/yyyy' : rowStyle;
        const s = startShown === null ? rng.pick(['TBC', '']) : formatDate(startShown, ps);
        const e = endShown === null ? 'ongoing' : formatDate(endShown, ps);
        v = s === '' ? `to ${e}` : `${s}${rng.pick([' - ', ' to ', ' – ', '-'])}${e}`;
        break;
      }
      case 'finalEnd': v = endShown === null ? '' : fmt(addMonths(endShown, remainingSum)); break;
      case 'duration': {
        if (knownTerm === null) { v = ''; break; }
        if (d.family === 'ocds') { v = String(knownTerm); break; }
        const y = knownTerm / 12;
        v = knownTerm % 12 === 0 ? rng.pick([y === 1 ? '1 year' : `${y} years`, `${knownTerm} months`, y === 1 ? '1 yr' : `${y} yrs`]) : `${knownTerm} months`;
        break;
      }
      case 'annual': case 'total': case 'low': case 'high': case 'awarded': v = money.get(col) ?? ''; break;
      case 'ext': v = extText; break;
      case 'category': v = categoryCell(rng, d, c); break;
      case 'department': v = c.department; break;
      case 'contact': v = c.contact.includes('@') && d.family !== 'cf' && d.family !== 'cf-extract' ? c.contact : c.contact.replace(/@.*$/, ''); break;
      case 'email': v = `procurement@${c.council.nice.toLowerCase().replace(/[^a-z]/g, '')}.gov.uk`; break;
      case 'notes': v = c.notes; break;
      case 'route': v = c.route; break;
      case 'lot': v = c.lot; break;
      case 'status':
        v = endShown === null ? 'Live' : endShown < ctx.today ? (remaining.length > 0 ? rng.pick(['Live', 'Extension due', 'Active']) : rng.pick(['Expired', 'Ended', 'Live'])) : rng.pick(['Live', 'Active', 'Current']);
        break;
      case 'sme': v = c.sme ? rng.pick(['Y', 'Yes']) : rng.pick(['N', 'No']); break;
      case 'awardDate': v = fmt(c.awardDate, col); break;
      case 'reviewDate': v = endShown === null || rng.chance(0.3) ? '' : fmt(addMonths(endShown, -9)); break;
      case 'currency': v = 'GBP'; break;
      case 'blank': v = ''; break;
      case 'const': v = col.value ?? ''; break;
      case 'cpvCode': v = cpvCode(c); break;
      case 'cpvCodes': v = `${cpvCode(c)} ${rng.chance(0.4) ? '72000000 ' : ''}`; break;
      case 'published': v = `${toIso(c.awardDate + rng.int(1, 20))}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}${rng.chance(0.5) ? 'Z' : '+01:00'}`; break;
      case 'closing': v = fmt(c.awardDate - rng.int(20, 60), col); break;
      case 'postcode': v = postcode; break;
      case 'phone': v = rng.chance(0.5) ? `'+44 ${rng.int(1200, 1999)}${rng.int(100000, 999999)}` : `0${rng.int(1200, 1999)} ${rng.int(100000, 999999)}`; break;
      case 'website': v = `https://www.${c.council.nice.toLowerCase().replace(/[^a-z]/g, '')}.gov.uk`; break;
      case 'address1': v = rng.pick(['Council Headquarters', 'Civic Centre', 'Municipal Buildings', 'Council Offices', 'Procurement Team']); break;
      case 'town': v = c.council.nice.replace(/ (City|Islands)$/, ''); break;
      case 'plannedStart': v = startShown === null || rng.chance(0.3) ? '' : fmt(startShown, col); break;
      case 'plannedEnd': v = endShown === null || rng.chance(0.3) ? '' : fmt(endShown, col); break;
    }
    cells.push(v);
  }
  if (d.dropLastFieldRate > 0 && cells[cells.length - 1] !== '' && rng.chance(d.dropLastFieldRate)) cells.pop();

  const truthTitle = title;
  return {
    cells,
    truth: {
      reference,
      councilCode: c.council.gss,
      jointCouncilCodes: c.partners.map((p) => p.gss),
      title: truthTitle,
      supplierRaw,
      supplierEntityId: c.supplierEntityId,
      supplierGroupId: c.supplierEntityId ? entity(c.supplierEntityId).groupId : null,
      startDate: startShown === null ? null : toIso(startShown),
      endDate: endShown === null ? null : toIso(endShown),
      annualValue,
      totalValue,
      extensionOptionsMonths: remaining,
      category: c.category,
      product: c.product,
      plantedGroup: c.plantedGroup,
    },
  };
}

function sortRows(rng: Rng, d: FileDialect, rows: WorldContract[]): WorldContract[] {
  const out = rng.shuffle(rows);
  const key = (c: WorldContract): string => {
    switch (d.sortBy) {
      case 'ref': return c.reference;
      case 'end': return String(c.shownEnd ?? 99999).padStart(6, '0');
      case 'start': return String(c.start).padStart(6, '0');
      case 'supplier': return c.supplierEntityId ?? '';
      case 'title': return c.title.toLowerCase();
      case 'none': return '';
    }
  };
  if (d.sortBy !== 'none') out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return out;
}

export function renderFile(
  rng: Rng,
  d: FileDialect,
  name: string,
  councilCode: string | null,
  contracts: WorldContract[],
  ctx: RenderContext,
): { file: EvaluationFile; truth: TruthContract[]; contractIds: number[] } {
  const ordered = sortRows(rng, d, contracts);
  const rendered = ordered.map((c) => renderRow(rng, d, c, ctx));
  const header = d.columns.map((c) => c.header);
  const layout: TableLayout = { ...d.layout };
  let rows = rendered.map((r) => r.cells);
  let preamble = d.preamble;
  let headerCells = header;
  if (d.quoteMode === 'spaces') {
    // Contracts Finder quotes any field holding a space; emulate by pre-quoting those fields.
    const q = (v: string) => (/[\s,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    rows = rows.map((r) => r.map(q));
    headerCells = header.map(q);
    preamble = preamble.map((r) => r.map(q));
  }
  const serialized = d.quoteMode === 'spaces'
    ? serializeRaw(preamble, headerCells, rows, layout, d.trailingEol)
    : serializeTable(preamble, headerCells, rows, layout, d.trailingEol);
  let text = serialized.text;
  const fix = (s: string | null) => (s === null ? null : d.mojibake ? mojibake(s) : s);
  if (d.mojibake) text = mojibake(text);
  if (d.encoding === 'windows-1252' && !representableIn1252(text)) {
    throw new Error(`file ${name} has characters Windows-1252 cannot hold`);
  }
  const truth: TruthContract[] = rendered.map((r, i) => ({
    file: name,
    line: serialized.rowLines[i],
    ...r.truth,
    title: fix(r.truth.title) as string,
    supplierRaw: fix(r.truth.supplierRaw),
    reference: fix(r.truth.reference),
  }));
  return { file: { name, bytes: encodeText(text, d.encoding), councilCode, dialect: d.describe }, truth, contractIds: ordered.map((c) => c.id) };
}

/** Joins already-quoted cells (used for the Contracts Finder quoting convention). */
function serializeRaw(preamble: string[][], header: string[], rows: string[][], layout: TableLayout, trailingEol: boolean) {
  const lines: string[] = [...preamble.map((r) => r.join(layout.delimiter)), header.join(layout.delimiter)];
  const rowLines: number[] = [];
  let line = 1;
  for (const l of lines) line += 1 + (l.match(/\n/g)?.length ?? 0);
  const body: string[] = [];
  for (const r of rows) {
    rowLines.push(line);
    const l = r.join(layout.delimiter);
    body.push(l);
    line += 1 + (l.match(/\n/g)?.length ?? 0);
  }
  const all = [...lines, ...body];
  const text = all.join(layout.eol) + (trailingEol ? layout.eol : '');
  return { text, rowLines };
}

