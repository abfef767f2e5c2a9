import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CatalogueProduct, Classifier, ContractToClassify, CpvCategory } from './classifier';
import { CATEGORY_RULES } from './keywords';
import { councilCategoryKey, isItCategory, NOT_IT, SERVICE_CATEGORIES, taxonomyFromRows } from './taxonomy';

const DATA = path.resolve(__dirname, '../../../data/catalogue');
const rows = (file: string) => parse(fs.readFileSync(path.join(DATA, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const split = (s: string) => s.split(';').map((t) => t.trim()).filter(Boolean);
const products: CatalogueProduct[] = rows('products.csv').map((r) => ({
  id: r.id, vendor: r.vendor, companyNumber: r.company_number || null, product: r.product, category: r.category,
  matchTerms: split(r.match_terms), vendorOnlyTerms: split(r.vendor_only_terms),
}));
const cpv: CpvCategory[] = rows('cpv-categories.csv').map((r) => ({ prefix: r.cpv_prefix, category: r.category, note: r.note }));
const taxonomy = taxonomyFromRows(rows('taxonomy.csv'));
const classifier = new Classifier(products, cpv, taxonomy);

const blank: ContractToClassify = { title: null, description: null, supplierName: null, cpv: null, category: null };
const classify = (input: Partial<ContractToClassify>) => classifier.classify({ ...blank, ...input });

describe('Classifier: products only from a distinctive name, or a generic name from its own vendor', () => {
  it.each([
    ['a distinctive product name in the title', { title: 'Open Revenues support and maintenance', supplierName: 'CIVICA UK LIMITED' }, 'Open Revenues', 'Revenues & Benefits', /product name "Open Revenues" in the title/],
    ['a Scottish product', { title: 'SEEMiS Click+Go annual subscription', supplierName: 'SEEMiS Group LLP' }, 'SEEMiS', 'Education MIS', /SEEMiS/],
    ['a product bought through a reseller', { title: 'Microsoft 365 E3 licences (EA renewal)', supplierName: 'Softcat plc' }, 'M365/Azure', 'Productivity licensing', /Microsoft 365/],
    ['a generic name from its own vendor', { title: 'Housing system hosting and support', supplierName: 'Civica UK Ltd' }, 'Housing', 'Housing', /supplied by its vendor Civica UK/],
    ['a product in the description that agrees with the title', { title: 'Social care case management', description: 'Provision of Mosaic for adults and children', supplierName: 'The Access Group' }, 'Mosaic', 'Social care case management', /in the description/],
    ['a product in the description from its vendor', { title: 'Committee Minutes System', description: 'Hosting and support of Modern.Gov', supplierName: 'Civica Uk Ltd', cpv: '48000000' }, 'Modern.Gov', 'Democracy & elections', /"Modern.Gov" in the description/],
    ['an acronym written as the vendor writes it', { title: 'SIMS Software', supplierName: 'Capita Business Services Limited', cpv: '48000000' }, 'SIMS', 'Education MIS', /"SIMS" in the title/],
  ])('%s', (_what, input, product, category, reason) => {
    const c = classify(input);
    expect([c.product, c.serviceCategory, c.isIt]).toEqual([product, category, true]);
    expect(c.reason).toMatch(reason);
  });

  it.each([
    ['a generic product name from another supplier', { title: 'Housing repairs contract', supplierName: 'Local Builders Ltd' }],
    ['a word that only contains a product name', { title: 'Uniformed services clothing' }],
    ['nothing to go on', { title: 'Grounds maintenance' }],
    ["a service named like one vendor's product, from another vendor", { title: 'Revenues & Benefits system support', supplierName: 'Civica UK Ltd' }],
    ['"Childrens" in a transport description', { title: 'Provision of Framework for a Client Transport Service', description: 'Transport for adults and childrens services clients', cpv: '60140000 60170000' }],
    ['"Asset Management" in a description', { title: 'Replacement PVC-U windows and doors', description: 'Works managed by the Asset Management team', cpv: '44221000 45421132' }],
    ['"Electoral" in a print contract', { title: 'Electoral Services, Stationery and Print Services', cpv: '79810000' }],
    ['"Building Control" in a construction description', { title: 'Design and construction of the Alker Lane development', description: 'Approval by Building Control is the contractor\'s duty', cpv: '45000000' }],
    ['an acronym written in lower case ("SIMs" for mobiles)', { title: 'Mobile SIMs and airtime', supplierName: 'Vodafone Ltd', cpv: '64212000' }],
    ['a list of products in a description with no agreeing title', { title: 'Digital transformation programme', description: 'The platform must integrate with Microsoft Azure, Mosaic and Civica CX', cpv: '72000000' }],
  ])('no product for %s', (_what, input) => {
    expect(classify(input).product).toBeNull();
  });
});

describe('Classifier: not IT is a result of its own', () => {
  it.each([
    ['fresh meat, whose description mentions social care', { title: 'Supply & Delivery of Fresh Meat', description: 'Meat for school kitchens, social care day centres and civic catering.', cpv: '15100000' }],
    ['PVC-U windows, whose description mentions asset management', { title: 'GB-Oxford: MW2503 Cholesbury Grange - PVC-U Windows & Roofline', description: 'Replacement of windows for the Asset Management team; contact by telephone 01865 123456', cpv: '44221000 45421132' }],
    ['a waste collection service whose description says "telephone"', { title: 'Waste collection and disposal services', description: 'Residents book bulky waste collections by telephone or online.', cpv: '90500000 90511000' }],
    ['health care catering ("care" is not social care)', { title: 'Health care catering services', description: 'Catering for health care and social care settings' }],
    ['grounds maintenance with no CPV code', { title: 'Grounds maintenance' }],
    ['a council category for works', { title: 'Term maintenance contract', category: 'Construction' }],
    ['an IT CPV code on a construction consultancy title', { title: 'Multi-Disciplinary Consultancy Services (Employers Agent, Quantity Surveying)', cpv: '72224000' }],
    ['design and print of a newspaper under a software CPV code', { title: 'Design & Print of the Council Newspaper', cpv: '22200000 48310000' }],
    ['printing of council tax bills ("council tax" alone is not IT)', { title: 'Printing Services for Annual Council Tax Bills and Business Rates Bills', cpv: '64110000' }],
    ['facilities management with an IT code among others', { title: 'Facilities Management & Workplace Services DPS', cpv: '34990000 35000000 39000000 42100000 72224000' }],
    ['a waste treatment "solution"', { title: 'Provision of an Organic Waste Treatment Solution', cpv: '90500000' }],
    ['card (cardboard) processing', { title: 'Paper and Card Processing Services', cpv: '90500000' }],
    ['a heat network', { title: 'Construction of Buried Heat Network Infrastructure', cpv: '09323000' }],
    ['photovoltaic systems for social housing', { title: 'Installation of thermodynamic hot water and photovoltaic (PV) systems to social housing', cpv: '09331000' }],
    ['a flexible procurement "system" for care', { title: "Flexible Procurement System for the Provision of Children's Short Breaks Services", cpv: '85000000 85311300' }],
    ['social care taxi contracts', { title: 'DPS000119 - Adult Social Care and Education Taxi Contracts', cpv: '60120000 60140000 60130000' }],
  ])('%s', (_what, input) => {
    const c = classify(input);
    expect([c.serviceCategory, c.isIt, c.product]).toEqual([NOT_IT, false, null]);
    expect(c.reason).toMatch(/not IT/i);
  });

  it('says why in words an analyst can check', () => {
    expect(classify({ title: 'Supply & Delivery of Fresh Meat', cpv: '15100000' }).reason).toBe(
      'not IT: CPV 15100000 is outside the IT divisions (48, 72, 30.2, 32, 64.2) and the title has no IT words',
    );
    expect(classify({ title: 'Grounds maintenance' }).reason).toBe('not IT: "Grounds maintenance" in the title');
  });
});

describe('Classifier: categories', () => {
  it.each([
    ['a CPV code', { title: 'Payroll bureau', cpv: '48450000' }, 'HR & Payroll', /CPV 48450000/],
    ['the longest CPV prefix', { title: 'Software', cpv: '48451000' }, 'Finance & ERP', /Enterprise resource planning/],
    ['title words over a bare ICT division code', { title: 'Wide area network services', cpv: '72000000' }, 'Network & WAN', /"Wide area network" in the title/],
    ['the register category', { title: 'Annual support', category: 'Telephony & Contact Centre' }, 'Telephony', /council's category "Telephony & Contact Centre"/],
    ['the ICT division when nothing else says more', { title: 'Annual support', cpv: '72000000' }, 'Other ICT', /CPV 72000000/],
    ['telecoms equipment (CPV 32)', { title: 'Mobile Voice Service & Mobile Data Connectivity', cpv: '32250000 32260000' }, 'Mobile', /"Mobile Voice" in the title/],
    ['telecoms services (CPV 64.2)', { title: 'Telecommunications', cpv: '64200000' }, 'Telephony', /Telecommunications/],
    ['computer equipment (CPV 30.2)', { title: 'Supply of equipment', cpv: '30213100' }, 'End-user devices', /CPV 30213100/],
    ['a phone number in the description is not telephony', { title: 'Network infrastructure refresh', description: 'Queries: telephone 01234 567890', cpv: '32420000' }, 'Network & WAN', /title|CPV/],
    ['"contact us by telephone" in the description is not telephony', { title: 'Annual support', description: 'Suppliers may contact the council by telephone.', cpv: '72000000' }, 'Other ICT', /CPV 72000000/],
    ['the title over a boilerplate description', { title: 'Payroll system replacement', description: 'The council provides social care, housing, waste collection and telephony services to residents.' }, 'HR & Payroll', /"Payroll" with "system" in the title/],
    ['the title over the CPV code', { title: 'Financial and Income Management Systems', cpv: '48442000' }, 'Finance & ERP', /in the title/],
    ['a title that names the domain and a system, with a non-IT CPV code', { title: 'Financial System', cpv: '66000000' }, 'Finance & ERP', /"Financial System" in the title/],
    ['a contact-centre platform', { title: 'UCaaS Contact Centre', cpv: '48000000' }, 'Telephony', /UCaaS/],
    ['a data centre', { title: 'Provision of Datacentre Equipment for the Council', cpv: '32580000' }, 'Hosting', /Datacentre/],
    ['Microsoft licences', { title: 'Provision of Microsoft Licences', cpv: '72590000 72700000' }, 'Productivity licensing', /Microsoft Licences/],
    ['cyber security', { title: 'Cyber Security Services', cpv: '72500000 72600000' }, 'Security', /Cyber Security/],
    ['social care case management with a case-management word', { title: "Children's social care case management system", cpv: '48000000' }, 'Social care case management', /in the title/],
    ['waste collection SOFTWARE', { title: 'Waste collection management software and in-cab devices' }, 'Waste & environment', /in the title/],
  ])('category from %s', (_what, input, category, reason) => {
    const c = classify(input);
    expect([c.serviceCategory, c.isIt]).toEqual([category, true]);
    expect(c.reason).toMatch(reason);
  });

  it.each([
    ['Revs & Bens', 'Revenues & Benefits'],
    ['ICT - Telecoms', 'Telephony'],
    ['Social Work IT', 'Social care case management'],
    ['ICT – Revs and Bens', 'Revenues & Benefits'],
    ['Finance Systems', 'Finance & ERP'],
    ['IT - Hardware', 'End-user devices'],
    ['Education MIS', 'Education MIS'],
    ['Catering & Food', NOT_IT],
  ])('maps the council category %p onto %p', (category, label) => {
    const c = classify({ title: 'Contract 2024/17', category });
    expect(c.serviceCategory).toBe(label);
    expect(c.reason).toContain(`council's category "${category}"`);
  });

  it.each([
    ['Social Work', 'social work'],
    ['Housing', 'housing'],
    ['Corporate Services - Misc.', 'corporate services misc'],
    ['Children’s Services', 'childrens services'],
  ])('keeps an unmapped council category %p as the key %p, classifying nothing from it', (category, key) => {
    const c = classify({ title: 'Contract 2024/17', category });
    expect([c.serviceCategory, c.isIt, c.councilCategory]).toEqual([null, null, key]);
  });

  it('returns the council category key whether or not it maps', () => {
    expect(classify({ title: 'x', category: 'ICT - Telecoms' }).councilCategory).toBe('ict telecoms');
    expect(classify({ title: 'x', category: 'N/A' }).councilCategory).toBeNull();
  });

  it('an IT council category without a topic is IT, its category from the title or else Other ICT', () => {
    expect(classify({ title: 'Annual support', category: 'ICT' })).toMatchObject({ serviceCategory: 'Other ICT', isIt: true });
    expect(classify({ title: 'Laptop refresh', category: 'ICT' })).toMatchObject({ serviceCategory: 'End-user devices', isIt: true });
  });

  it('IT words in the title outrank a non-IT council category', () => {
    expect(classify({ title: 'Café & catering EPOS – schools', category: 'Catering' })).toMatchObject({ serviceCategory: 'Income management & payments', isIt: true });
  });

  it.each([
    { title: 'Café & catering EPOS – schools', category: 'Catering' },
    { title: 'Term maintenance', category: 'Construction' },
    { title: 'Annual support', category: 'ICT' },
    { title: 'Research and Insights DPS', cpv: '22200000 72310000 73000000 79300000' },
    { title: 'Open Revenues', supplierName: 'Civica' },
  ])('keeps isIt consistent with the category (%p)', (input) => {
    const c = classify(input);
    expect(c.isIt).toBe(isItCategory(c.serviceCategory));
  });

  it('a product in the title outranks the council category', () => {
    expect(classify({ title: 'Open Revenues', supplierName: 'Civica', category: 'ICT - Finance' })).toMatchObject({ product: 'Open Revenues', serviceCategory: 'Revenues & Benefits' });
  });

  it('does not call IT equipment disposal either way when the title and a waste CPV code disagree', () => {
    expect(classify({ title: 'Collection and Disposal of ICT Equipment', cpv: '90500000' })).toMatchObject({ serviceCategory: null, reason: expect.stringMatching(/IT words .* and non-IT ones/) });
  });

  it.each([
    ['IT codes among many others, no IT words', { title: 'Research and Insights DPS', cpv: '22200000 72310000 73000000 79300000 79310000' }],
    ['nothing to go on', { title: 'Annual contract 2024/17' }],
    ['audio-visual equipment alone (CPV 32.3)', { title: 'Supply of equipment', cpv: '32321200' }],
  ])('says it cannot tell when %s', (_what, input) => {
    const c = classify(input);
    expect([c.serviceCategory, c.isIt, c.product]).toEqual([null, null, null]);
    expect(c.reason).toMatch(/not classified/);
  });
});

describe('taxonomy', () => {
  const brief = [
    'Revenues & Benefits', 'Social care case management', 'Education MIS', 'HR & Payroll', 'Finance & ERP', 'Income management & payments',
    'Planning & Building Standards', 'Housing', 'CRM', 'Web CMS', 'Document & records management', 'GIS & property', 'Democracy & elections',
    'Libraries', 'Parking', 'Waste & environment', 'Regulatory & licensing', 'Highways & transport', 'Telephony', 'Mobile', 'Network & WAN',
    'Hosting', 'End-user devices', 'Print', 'Security', 'Productivity licensing', 'Other ICT', 'Not IT',
  ];

  it('has exactly the agreed labels, in the code and in data/catalogue/taxonomy.csv', () => {
    expect([...SERVICE_CATEGORIES]).toEqual(brief);
    expect(taxonomy.map((t) => t.label)).toEqual(brief);
  });

  it('gives every entry a description and a source', () => {
    expect(taxonomy.filter((t) => !t.description || !t.source).map((t) => t.label)).toEqual([]);
  });

  it('files every product and CPV prefix under a taxonomy label', () => {
    expect(products.filter((p) => !brief.includes(p.category) || p.category === NOT_IT).map((p) => `${p.id} ${p.category}`)).toEqual([]);
    expect(cpv.filter((c) => !brief.includes(c.category) || c.category === NOT_IT).map((c) => `${c.prefix} ${c.category}`)).toEqual([]);
  });

  it('lists the same CPV prefixes in taxonomy.csv as cpv-categories.csv', () => {
    const fromCpv = (label: string) => cpv.filter((c) => c.category === label).map((c) => c.prefix).sort();
    expect(taxonomy.filter((t) => t.cpvPrefixes.slice().sort().join() !== fromCpv(t.label).join()).map((t) => t.label)).toEqual([]);
  });

  it('maps no synonym onto two labels', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const t of taxonomy) for (const s of t.synonyms) {
      const k = councilCategoryKey(s)!;
      if (seen.has(k) && seen.get(k) !== t.label) twice.push(`${s}: ${seen.get(k)} / ${t.label}`);
      seen.set(k, t.label);
    }
    expect(twice).toEqual([]);
  });

  it('writes keyword rules in lower case, under taxonomy labels (they are matched against lower-cased titles)', () => {
    expect(CATEGORY_RULES.filter((r) => /[A-Z]/.test(r.pattern.source.replace(/\\[A-Za-z]/g, '')) || !brief.includes(r.label) || r.label === NOT_IT).map((r) => r.pattern.source)).toEqual([]);
  });

  it('refuses data that files a product under an unknown label', () => {
    expect(() => new Classifier([{ ...products[0], category: 'Revenue & Benefit' }], cpv, taxonomy)).toThrow(/Revenue & Benefit/);
  });

  it.each([
    ['Revenues & Benefits', true],
    [NOT_IT, false],
    [null, null],
  ])('isItCategory(%p) is %p', (category, expected) => {
    expect(isItCategory(category)).toBe(expected);
  });

  it.each([
    ['ICT – CCTV ', 'ict cctv'],
    ['Revs & Bens', 'revs and bens'],
    ['  ', null],
    ['Misc', null],
  ])('councilCategoryKey(%p) is %p', (raw, key) => {
    expect(councilCategoryKey(raw)).toBe(key);
  });
});

describe('a vendor named without the words that only say what it does', () => {
  it('reads "UNIFORM licence renewal" from idox plc as Idox Uniform, not as clothing', () => {
    const k = classifier.classify({ title: 'UNIFORM licence renewal incl. DMS', description: null, supplierName: 'idox plc', cpv: null, category: null });
    expect(k.product).toBe('Uniform');
    expect(k.serviceCategory).toBe('Planning & Building Standards');
  });
});

describe('Classifier: families of misclassification (one product, one name; the specific over the broad)', () => {
  it.each([
    // A product the shipped catalogue already lists under its catalogue name is not named twice.
    ['Microsoft licensing through a reseller', { title: 'Office 365 E5 licences', supplierName: 'Softcat plc' }, 'M365/Azure', 'Productivity licensing'],
    ['a waste product by its trade name', { title: 'Whitespace waste collection software', supplierName: 'Whitespace Work Software Ltd' }, 'Waste Management', 'Waste & environment'],
    ['a revenues product by its former name', { title: 'Northgate iWorld support', supplierName: 'NEC Software Solutions UK' }, 'NEC Revenues & Benefits', 'Revenues & Benefits'],
    ['an ERP product by its former name', { title: 'Agresso hosting and support', supplierName: 'Unit4 Business Software Ltd' }, 'ERP/Financials', 'Finance & ERP'],
    ['an ERP suite by its edition', { title: 'Oracle E-Business Suite support', supplierName: 'Oracle Corporation UK Ltd' }, 'Enterprise Applications', 'Finance & ERP'],
    // A product name written as one word.
    ['a two-word product name run together', { title: 'OpenRevenues licence renewal', supplierName: 'Civica UK Ltd' }, 'Open Revenues', 'Revenues & Benefits'],
    // Vendor + generic product name.
    ['a product whose name is an ordinary word, from its vendor', { title: 'Liberty Create subscription', supplierName: 'Netcall Technology Ltd' }, 'Liberty Platform', 'CRM'],
    ['a CRM platform named by its vendor', { title: 'Salesforce Service Cloud licences', supplierName: 'Salesforce UK Ltd' }, 'CRM Platform', 'CRM'],
  ])('%s', (_what, input, product, category) => {
    const c = classify(input);
    expect([c.product, c.serviceCategory]).toEqual([product, category]);
  });

  it.each([
    // A broad council category ("Telecoms", "Hardware") gives way to the title's specific one.
    ['Wi-Fi under a telecoms category', { title: 'Public Wi-Fi for libraries', category: 'ICT - Telecoms' }, 'Network & WAN'],
    ['a WAN under a telecoms category', { title: 'Corporate WAN services', category: 'Telecoms' }, 'Network & WAN'],
    ['mobile handsets under a telecoms category', { title: 'Supply of mobile handsets', category: 'ICT - Telecoms' }, 'Mobile'],
    ['printers under a hardware category', { title: 'Managed print service', category: 'ICT - Hardware' }, 'Print'],
    ['a telephony title under a telecoms category', { title: 'SIP trunking', category: 'ICT - Telecoms' }, 'Telephony'],
    // A qualifier before the thing bought does not decide it.
    ['GIS in the cloud', { title: 'Cloud GIS', supplierName: 'Idox Software Ltd' }, 'GIS & property'],
    ['an IT health check for the PSN', { title: 'PSN IT health check', cpv: '48760000' }, 'Security'],
    ['a roads asset management system', { title: 'Roads asset management system' }, 'Highways & transport'],
    ['a street asset platform', { title: 'Street asset management platform', cpv: '48000000' }, 'Highways & transport'],
    ['a road works register', { title: 'Road works coordination software (SRWR)' }, 'Highways & transport'],
    // Words the rules did not know.
    ['bill payment services', { title: 'Payment card and barcode bill payment service', cpv: '48000000' }, 'Income management & payments'],
    ['prepaid cards', { title: 'Prepaid cards and payment services', category: 'ICT - Software' }, 'Income management & payments'],
    ['school payments', { title: 'Online school payments', cpv: '48000000' }, 'Income management & payments'],
    ['customer case management', { title: 'Customer case management platform' }, 'CRM'],
    ['a digital customer platform', { title: 'Digital customer platform', category: 'ICT - Software' }, 'CRM'],
    ['scanning and indexing', { title: 'Scanning & indexing software', category: 'ICT - Software' }, 'Document & records management'],
    ['car park payment machines', { title: 'Car park payment machines & back office' }, 'Parking'],
    ['Microsoft Windows licences are not windows', { title: 'Microsoft Windows & Office licences' }, 'Productivity licensing'],
    ['VMware licences', { title: 'VMware licences (via reseller)', category: 'ICT - Software' }, 'Productivity licensing'],
    ['a broad category against a title of another kind keeps the council category', { title: 'Asset management system', category: 'Roads IT' }, 'Highways & transport'],
  ])('%s', (_what, input, category) => {
    expect(classify(input).serviceCategory).toBe(category);
  });

  it.each([
    // A product named in the description, even from its vendor, does not override a title that says something else.
    ['a description product against the title', { title: 'Environmental health and trading standards system', description: 'Hosted in the Idox cloud', supplierName: 'Idox Software Ltd' }, 'Cloud/Hosting'],
    ['a description product against another product named in the title', { title: 'Jadu hosting & support', description: 'SEEMiS', supplierName: 'SEEMiS Group LLP' }, 'SEEMiS'],
    ['a generic product name against the title', { title: 'Cloud GIS', supplierName: 'Idox Software Ltd' }, 'Cloud/Hosting'],
  ])('no product for %s', (_what, input, notProduct) => {
    expect(classify(input).product).not.toBe(notProduct);
  });
});

describe('hosting said in other words', () => {
  it.each(['Backup as a service', 'Managed hosting and backup', 'Storage as a service', 'Secure hosting for the planning system'])('"%s" is Hosting', (title) => {
    expect(classifier.classify({ title, description: null, supplierName: 'X Ltd', cpv: null, category: null }).serviceCategory).toBe('Hosting');
  });
});

describe("a vendor's flagship named by the vendor's name", () => {
  it.each([
    ['Jadu hosting & support', 'JADU CREATIVE LTD', 'Jadu Central', 'Web CMS'],
    ['Jadu CMS hosting & support', 'Jadu Creative Limited', 'Jadu Central', 'Web CMS'],
    ['Jadu Connect licences', 'Jadu Creative Limited', 'Jadu Connect', 'CRM'],
  ])('"%s" from %s is %s', (title, supplierName, product, category) => {
    const c = classify({ title, supplierName });
    expect([c.product, c.serviceCategory]).toEqual([product, category]);
  });
});

describe('a product with its hosting', () => {
  it.each([['Mosaic - hosting & support', 'The Access Group', 'Mosaic'], ['Access Mosaic - hosting and support', 'Access UK Ltd', 'Mosaic']])('"%s" from %s is %s', (title, supplierName, product) => {
    expect(classifier.classify({ title, description: null, supplierName, cpv: null, category: null }).product).toBe(product);
  });
});

describe('identity, learning systems, mixed scope and utility metering', () => {
  it.each([
    ['Digital identity platform', '48000000', 'Security'],
    ['Identity verification service for online accounts', null, 'Security'],
    ['Digital ID consultancy', '72150000', 'Security'],
    ['Single sign-on and identity management', null, 'Security'],
    ['Learning management system for schools', '48190000', 'Education MIS'],
    ['ICT hardware and software', '30200000', 'Other ICT'],
    ['Computer hardware & software supply', null, 'Other ICT'],
    ['IT and cyber security services', '72000000', 'Other ICT'],
    ['ICT & telephony support', null, 'Other ICT'],
    ['Cyber security services', '72000000', 'Security'],
    ['Web domain and website transformation', '72413000', 'Web CMS'],
    ['Domain names and DNS hosting', null, 'Network & WAN'],
    ['Digital connectivity: services to understand mobile coverage', '64200000', 'Mobile'],
    ['Gigabit connectivity for libraries', null, 'Network & WAN'],
    ['Technology innovation marketplace (DPS)', '30200000', 'Other ICT'],
    ['Supply of laptops', '30200000', 'End-user devices'],
  ])('"%s" (CPV %s) is %s', (title, cpvCode, category) => {
    expect(classify({ title, cpv: cpvCode }).serviceCategory).toBe(category);
  });

  it.each([
    ['Metering and meter data services', '65000000 72314000'],
    ['Smart meters installation', '72314000'],
    ['Half-hourly metering services', null],
  ])('"%s" is not IT: utility metering', (title, cpvCode) => {
    expect(classify({ title, cpv: cpvCode }).serviceCategory).toBe(NOT_IT);
  });

  it('pay-and-display parking meters stay IT (Parking)', () => {
    expect(classify({ title: 'Pay and display parking meters with cashless payment system', cpv: '48000000' }).serviceCategory).toBe('Parking');
  });

  it.each([
    ['LMS support and maintenance', 'Civica UK Ltd t/a Civica', 'Spydus', 'Libraries'],
    ['Essential LMS with Government Catalogue', 'LEARNING POOL LIMITED', 'eLearning', 'HR & Payroll'],
  ])('"LMS" is what its vendor makes: "%s" from %s is %s', (title, supplierName, product, category) => {
    const c = classify({ title, supplierName, cpv: '48000000' });
    expect([c.product, c.serviceCategory]).toEqual([product, category]);
  });

  // A learning system in general may be staff training, a school's or a professional body's: Other ICT unless its vendor or setting says.
  it.each(['LMS support and maintenance', 'Corporate e-learning platform', 'Learning management system'])('"%s" from nobody in particular is Other ICT', (title) => {
    expect(classify({ title, cpv: '48000000' }).serviceCategory).toBe('Other ICT');
  });

  it("an LMS from Learning Pool is that vendor's eLearning product", () => {
    const c = classify({ title: 'Shared Learning Management System Learning Pool Ltd Contract', supplierName: 'LEARNING POOL LIMITED', cpv: '48517000' });
    expect([c.product, c.serviceCategory]).toEqual(['eLearning', 'HR & Payroll']);
  });
});
