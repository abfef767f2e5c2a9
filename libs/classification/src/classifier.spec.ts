import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CatalogueProduct, Classifier, CpvCategory } from './classifier';

const DATA = path.resolve(__dirname, '../../../data/catalogue');
const split = (s: string) => s.split(';').map((t) => t.trim()).filter(Boolean);
const products: CatalogueProduct[] = (parse(fs.readFileSync(path.join(DATA, 'products.csv')), { columns: true }) as Record<string, string>[]).map((r) => ({
  id: r.id, vendor: r.vendor, companyNumber: r.company_number || null, product: r.product, category: r.category,
  matchTerms: split(r.match_terms), vendorOnlyTerms: split(r.vendor_only_terms),
}));
const cpv: CpvCategory[] = (parse(fs.readFileSync(path.join(DATA, 'cpv-categories.csv')), { columns: true }) as Record<string, string>[]).map((r) => ({ prefix: r.cpv_prefix, category: r.category, note: r.note }));
const classifier = new Classifier(products, cpv);

const blank = { title: null, description: null, supplierName: null, cpv: null, category: null };

describe('Classifier', () => {
  it.each([
    ['a distinctive product name in the title', { title: 'Open Revenues support and maintenance', supplierName: 'CIVICA UK LIMITED' }, 'Open Revenues', 'Revenues & Benefits', /product name "Open Revenues" in the title/],
    ['a Scottish product', { title: 'SEEMiS Click+Go annual subscription', supplierName: 'SEEMiS Group LLP' }, 'SEEMiS', 'Education MIS', /SEEMiS/],
    ['a product bought through a reseller', { title: 'Microsoft 365 E3 licences (EA renewal)', supplierName: 'Softcat plc' }, 'Microsoft 365', 'Productivity licensing', /Microsoft 365/],
    ['a generic name from its own vendor', { title: 'Housing system hosting and support', supplierName: 'Civica UK Ltd' }, 'Housing', 'Housing', /supplied by its vendor Civica UK/],
    ['a product in the description', { title: 'Social care case management', description: 'Provision of Mosaic for adults and children', supplierName: 'The Access Group' }, 'Mosaic', 'Social care case management', /in the description/],
  ])('%s', (_what, input, product, category, reason) => {
    const c = classifier.classify({ ...blank, ...input });
    expect([c.product, c.serviceCategory]).toEqual([product, category]);
    expect(c.reason).toMatch(reason);
  });

  it.each([
    ['a CPV code', { title: 'Payroll bureau', cpv: '48450000' }, 'HR & Payroll', /CPV 48450000/],
    ['the longest CPV prefix', { title: 'Software', cpv: '48451000' }, 'Finance & ERP', /Enterprise resource planning/],
    ['keywords when the CPV code is only the ICT division', { title: 'Wide area network services', cpv: '72000000' }, 'Network & WAN', /"Wide area network" in the title/],
    ['the register category', { title: 'Annual support', category: 'Telephony & Contact Centre' }, 'Telephony', /register category/],
    ['the ICT division when nothing else says more', { title: 'Annual support', cpv: '72000000' }, 'Other ICT', /CPV 72000000/],
  ])('category from %s', (_what, input, category, reason) => {
    const c = classifier.classify({ ...blank, ...input });
    expect([c.product, c.serviceCategory]).toEqual([null, category]);
    expect(c.reason).toMatch(reason);
  });

  it.each([
    ['a generic product name from another supplier', { title: 'Housing repairs contract', supplierName: 'Local Builders Ltd' }],
    ['a word that only contains a product name', { title: 'Uniformed services clothing' }],
    ['nothing to go on', { title: 'Grounds maintenance' }],
    ['a service named like one vendor\'s product, from another vendor', { title: 'Revenues & Benefits system support', supplierName: 'Civica UK Ltd' }],
  ])('no product for %s', (_what, input) => {
    expect(classifier.classify({ ...blank, ...input }).product).toBeNull();
  });

  it('says nothing, rather than guessing, when nothing matches', () => {
    expect(classifier.classify({ ...blank, title: 'Grounds maintenance' })).toEqual({ productId: null, product: null, serviceCategory: null, reason: null });
  });
});
