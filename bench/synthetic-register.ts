import * as fs from 'node:fs';

const COUNCILS = [
  'S12000033', 'S12000034', 'S12000041', 'S12000035', 'S12000036', 'S12000005', 'S12000006', 'S12000042', 'S12000008', 'S12000045',
  'S12000010', 'S12000011', 'S12000014', 'S12000047', 'S12000049', 'S12000017', 'S12000018', 'S12000019', 'S12000020', 'S12000013',
  'S12000021', 'S12000050', 'S12000023', 'S12000048', 'S12000038', 'S12000026', 'S12000027', 'S12000028', 'S12000029', 'S12000030',
  'S12000039', 'S12000040',
];
const PRODUCTS = [
  ['Revenues and Benefits System', 'NEC Software Solutions UK Limited', 'Revenues & Benefits'],
  ['Social Work Case Management', 'Access UK Ltd', 'Social care case management'],
  ['Schools MIS', 'SEEMiS Group LLP', 'Education MIS'],
  ['Microsoft Enterprise Agreement', 'Softcat plc', 'Productivity licensing'],
  ['Planning and Building Standards', 'Idox Software Ltd', 'Planning & Building Standards'],
  ['Payroll and HR', 'Civica UK Ltd', 'HR & Payroll'],
  ['Wide Area Network', 'Capita Business Services Ltd', 'Network & WAN'],
  ['Contact Centre Telephony', 'Gamma Business Communications Ltd', 'Telephony'],
];
const EXTENSIONS = ['2+1+1', '1 year + 1 year', 'None', '2 x 12 months', 'option to extend for up to 3 years', 'N/A', ''];
const DEPARTMENTS = ['Digital Services', 'Finance', 'Education & Children\'s Services', 'Health & Social Care', 'Place'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Writes a national register of `rows` contracts (~150 bytes a row) with a council column,
 * UK dates and money in the forms councils use. Deterministic, so runs compare.
 */
export function writeSyntheticRegister(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  let buf = 'Council,Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Annual Value,Whole Life Value,Category,CPV,Service Area\n';
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 12) % n;
  };
  for (let i = 0; i < rows; i++) {
    const council = COUNCILS[rand(COUNCILS.length)];
    const [title, supplier, category] = PRODUCTS[rand(PRODUCTS.length)];
    const startYear = 2019 + rand(6);
    const term = 2 + rand(5);
    const month = 1 + rand(12);
    const annual = (5 + rand(900)) * 1000;
    buf += `${council},REF-${council.slice(-3)}-${i},${title} lot ${i % 97},${supplier},01/${pad(month)}/${startYear},${month === 1 ? `31/12/${startYear + term - 1}` : `${pad(new Date(Date.UTC(startYear + term, month - 1, 0)).getUTCDate())}/${pad(month - 1)}/${startYear + term}`},${EXTENSIONS[rand(EXTENSIONS.length)]},"£${annual.toLocaleString('en-GB')}.00","£${(annual * term).toLocaleString('en-GB')}.00",${category},48000000,${DEPARTMENTS[rand(DEPARTMENTS.length)]}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
