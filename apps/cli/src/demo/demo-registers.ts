import { addMonths, CalendarDate, daysInMonth } from '@app/ingest';

/**
 * Synthetic contract registers for a demonstration, dated relative to `today` so that whatever the
 * day they are made, some contracts are overdue, some presumed extended, some expired, and several
 * councils run the same product with ends that can be brought together in time to act on: an
 * analysis of them always finds opportunities whose decision dates are still ahead.
 *
 * Every file says on its first line that it is synthetic. Councils are real (GSS codes); contracts,
 * references and values are made up. Each council writes its register its own way (column names,
 * date styles, values annual or whole-life, extension wording), as real registers do.
 */
export interface DemoFile {
  name: string;
  council: string;
  content: string;
  contracts: number;
}

interface Contract {
  reference: string;
  title: string;
  supplier: string;
  start: CalendarDate;
  end: CalendarDate;
  extension: string;
  annual: number;
  termMonths: number;
}

type DateStyle = 'dmy' | 'iso' | 'long' | 'dots';

interface Style {
  /** Header cells, in order, naming what each column holds. */
  columns: ('reference' | 'title' | 'supplier' | 'start' | 'end' | 'extension' | 'annual' | 'total' | 'duration' | 'council')[];
  header: string[];
  dates: DateStyle;
  money: 'plain' | 'pounds';
  titleRows: boolean;
}

interface DemoCouncil {
  code: string;
  name: string;
  slug: string;
  prefix: string;
  style: Style;
}

const COUNCILS: DemoCouncil[] = [
  {
    code: 'S12000047', name: 'Fife Council', slug: 'fife-council', prefix: 'FC',
    style: { columns: ['reference', 'title', 'supplier', 'start', 'end', 'extension', 'annual'], header: ['Contract Reference', 'Contract Title', 'Supplier', 'Start Date', 'End Date', 'Extension Options', 'Annual Value'], dates: 'dmy', money: 'pounds', titleRows: true },
  },
  {
    code: 'S12000041', name: 'Angus Council', slug: 'angus-council', prefix: 'ANG',
    style: { columns: ['reference', 'title', 'supplier', 'start', 'end', 'extension', 'annual'], header: ['Ref No.', 'Contract', 'Contractor', 'Commencement Date', 'Expiry Date', 'Possible Extensions', 'Value per annum'], dates: 'long', money: 'plain', titleRows: true },
  },
  {
    code: 'S12000042', name: 'Dundee City Council', slug: 'dundee-city-council', prefix: 'DCC',
    style: { columns: ['reference', 'title', 'supplier', 'start', 'end', 'duration', 'extension', 'total'], header: ['Reference', 'Description', 'Supplier Name', 'Start', 'End', 'Duration (months)', 'Extension', 'Total Contract Value'], dates: 'iso', money: 'plain', titleRows: true },
  },
  {
    code: 'S12000030', name: 'Stirling Council', slug: 'stirling-council', prefix: 'STC',
    style: { columns: ['reference', 'title', 'supplier', 'start', 'end', 'extension', 'annual'], header: ['Contract ID', 'Title', 'Vendor', 'Contract Start', 'Contract End', 'Options to Extend', 'Annual Cost'], dates: 'dots', money: 'pounds', titleRows: true },
  },
  {
    code: 'S12000014', name: 'Falkirk Council', slug: 'falkirk-council', prefix: 'FK',
    style: { columns: ['reference', 'title', 'supplier', 'start', 'end', 'extension', 'annual', 'total'], header: ['Contract No', 'Contract Name', 'Supplier', 'Start Date', 'End Date', 'Extension Period', 'Annual Value', 'Total Value'], dates: 'dmy', money: 'pounds', titleRows: true },
  },
  {
    code: 'S12000048', name: 'Perth and Kinross Council', slug: 'perth-and-kinross-council', prefix: 'PKC',
    style: { columns: ['council', 'reference', 'title', 'supplier', 'start', 'end', 'extension', 'annual'], header: ['Council', 'Ref', 'Contract Name', 'Supplier', 'Start Date', 'End Date', 'Extension', 'Annual Value'], dates: 'dmy', money: 'plain', titleRows: true },
  },
];

/** Products several councils run, each bought again within a year of the others' (months from today to each council's current end). */
const SHARED: { titles: string[]; suppliers: string[]; ends: Record<string, number>; annual: [number, number] }[] = [
  { titles: ['Mosaic social care case management', 'Mosaic case management system (adults and children)'], suppliers: ['The Access Group', 'Access UK Ltd', 'The Access Group Ltd'], ends: { S12000047: 30, S12000041: 24, S12000042: 34, S12000030: 27 }, annual: [180_000, 420_000] },
  { titles: ['iTrent HR and payroll', 'HR/Payroll system - iTrent'], suppliers: ['MHR International UK Ltd', 'MHR International', 'M.H.R. International UK Limited'], ends: { S12000047: 22, S12000014: 26, S12000048: 19 }, annual: [90_000, 260_000] },
  { titles: ['Uniform planning and building standards', 'Idox Uniform (planning, building control)'], suppliers: ['Idox Software Ltd', 'IDOX Software Limited', 'Idox plc'], ends: { S12000041: 40, S12000030: 36, S12000014: 44, S12000048: 38 }, annual: [60_000, 150_000] },
  { titles: ['Revenues and benefits system', 'NEC Revenues & Benefits software'], suppliers: ['NEC Software Solutions UK Ltd', 'NEC Software Solutions UK Limited'], ends: { S12000042: 28, S12000047: 31 }, annual: [250_000, 480_000] },
  { titles: ['SEEMiS schools management information system', 'Education MIS - SEEMiS'], suppliers: ['SEEMiS Group LLP', 'Seemis Group'], ends: { S12000047: 25, S12000041: 21, S12000042: 29, S12000030: 23, S12000014: 27, S12000048: 24 }, annual: [70_000, 210_000] },
];

/** Other contracts a council's IT register holds. */
const OTHER: { title: string; supplier: string }[] = [
  { title: 'Civica Financials (general ledger and payments)', supplier: 'Civica UK Ltd' },
  { title: 'Spydus library management system', supplier: 'Civica UK Limited' },
  { title: 'Netcall Liberty contact centre platform', supplier: 'Netcall Systems Ltd' },
  { title: 'Website content management (Jadu)', supplier: 'Jadu Ltd' },
  { title: 'Microsoft 365 licences via reseller', supplier: 'Phoenix Software Ltd' },
  { title: 'Mobile workforce scheduling - housing repairs', supplier: 'Totalmobile Ltd' },
  { title: 'Capita One education support', supplier: 'Capita Business Services Ltd' },
  { title: 'Payment card processing (Pay360)', supplier: 'Capita Business Services Ltd' },
  { title: 'Parking enforcement system', supplier: 'NEC Software Solutions UK Ltd' },
  { title: 'Telephony and unified communications', supplier: 'Daisy Corporate Services Trading Ltd' },
  { title: 'Wide area network services', supplier: 'Virgin Media Business Ltd' },
  { title: 'Multi-functional print devices', supplier: 'Ricoh UK Ltd' },
  { title: 'Cyber security monitoring service', supplier: 'BT plc' },
  { title: 'Fleet management system (Tranman)', supplier: 'Civica UK Ltd' },
  { title: 'Electronic document and records management', supplier: 'Idox Software Ltd' },
  { title: 'Grounds maintenance vehicles lease', supplier: 'Lex Autolease Ltd' },
];

const EXTENSIONS = ['2 x 12 months', '1+1', 'Option to extend for a further 24 months', 'up to 2 years', '12 months', '2+1+1', 'None', '', 'One extension of up to 12 months'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A small seeded generator (mulberry32): the same seed and day give the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last day of the month `months` from today's. */
function monthEnd(today: CalendarDate, months: number): CalendarDate {
  const shifted = addMonths(`${today.slice(0, 7)}-01`, months);
  const y = Number(shifted.slice(0, 4));
  const m = Number(shifted.slice(5, 7));
  return `${shifted.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** The day after `months` before an end: a contract that runs whole months. */
function startFor(end: CalendarDate, termMonths: number): CalendarDate {
  const first = addMonths(`${end.slice(0, 7)}-01`, -termMonths + 1);
  return first;
}

function formatDate(d: CalendarDate, style: DateStyle): string {
  const [y, m, day] = [d.slice(0, 4), d.slice(5, 7), d.slice(8, 10)];
  if (style === 'iso') return d;
  if (style === 'dots') return `${day}.${m}.${y}`;
  if (style === 'long') return `${Number(day)} ${MONTHS[Number(m) - 1]} ${y}`;
  return `${day}/${m}/${y}`;
}

function formatMoney(n: number, style: 'plain' | 'pounds'): string {
  const rounded = Math.round(n);
  return style === 'pounds' ? `£${rounded.toLocaleString('en-GB')}` : String(rounded);
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function contractsFor(council: DemoCouncil, today: CalendarDate, r: () => number): Contract[] {
  const out: Contract[] = [];
  let n = 100;
  const reference = () => `${council.prefix}-${today.slice(0, 4)}-${String(n++).padStart(3, '0')}`;
  for (const shared of SHARED) {
    const months = shared.ends[council.code];
    if (months === undefined) continue;
    const end = monthEnd(today, months);
    const termMonths = 12 * (3 + Math.floor(r() * 4));
    out.push({
      reference: reference(), title: pick(r, shared.titles), supplier: pick(r, shared.suppliers), start: startFor(end, termMonths), end, termMonths,
      extension: pick(r, ['2 x 12 months', '1+1', 'None', 'up to 2 years', '']),
      annual: shared.annual[0] + Math.round(r() * (shared.annual[1] - shared.annual[0]) / 1000) * 1000,
    });
  }
  // Whatever the day: one past its end with options left (presumed extended), one past every end
  // (expired), one large contract whose decision date has passed (overdue), the rest spread over five years.
  const plan: { months: number; extension: string; annual?: number }[] = [
    { months: -3, extension: '2 x 12 months' },
    { months: -9, extension: 'None' },
    { months: 7, extension: 'None', annual: 350_000 },
    ...Array.from({ length: 5 + Math.floor(r() * 4) }, () => ({ months: Math.floor(r() * 66) - 6, extension: pick(r, EXTENSIONS) })),
  ];
  const others = [...OTHER].sort(() => r() - 0.5);
  plan.forEach((p, k) => {
    const other = others[k % others.length];
    const end = monthEnd(today, p.months);
    const termMonths = 12 * (2 + Math.floor(r() * 5));
    out.push({
      reference: reference(), title: other.title, supplier: other.supplier, start: startFor(end, termMonths), end, termMonths, extension: p.extension,
      annual: p.annual ?? 5_000 + Math.round(r() * 300) * 1000,
    });
  });
  return out;
}

/** The registers of the demonstration councils for `today` (YYYY-MM-DD). */
export function demoRegisters(today: CalendarDate, seed = 20_261_201): DemoFile[] {
  const r = random(seed);
  return COUNCILS.map((council) => {
    const contracts = contractsFor(council, today, r);
    const s = council.style;
    const lines: string[] = [];
    if (s.titleRows) {
      lines.push(csvCell(`${council.name} - ICT contracts register (SYNTHETIC DEMONSTRATION DATA, not real contracts)`));
      lines.push(csvCell(`Generated ${formatDate(today, 'dmy')} by council-register demo`));
    }
    lines.push(s.header.map(csvCell).join(','));
    for (const c of contracts) {
      const cells = s.columns.map((column) => {
        switch (column) {
          case 'council': return council.name;
          case 'reference': return c.reference;
          case 'title': return c.title;
          case 'supplier': return c.supplier;
          case 'start': return formatDate(c.start, s.dates);
          case 'end': return formatDate(c.end, s.dates);
          case 'extension': return c.extension;
          case 'annual': return formatMoney(c.annual, s.money);
          case 'total': return formatMoney((c.annual * c.termMonths) / 12, s.money);
          case 'duration': return String(c.termMonths);
        }
      });
      lines.push(cells.map(csvCell).join(','));
    }
    return { name: `demo-${council.slug}-synthetic-register.csv`, council: council.code, content: `${lines.join('\r\n')}\r\n`, contracts: contracts.length };
  });
}
