/**
 * Fixed reference data the generator draws on: the 32 Scottish councils (from
 * data/reference/uk_local_authorities_current.csv, alt-names included with their real typos),
 * the service-category taxonomy, and the product names of the council software catalogue
 * (shared/data/public/uk_council_software_products_lgam.csv, product_name column).
 * Embedded rather than read at run time so the generator is self-contained and deterministic.
 */

export interface CouncilRef {
  /** Three-letter register code. */
  code3: string;
  /** GSS code, the council id used in truth. */
  gss: string;
  official: string;
  nice: string;
  /** Known spellings from the reference CSV (including misspellings). */
  alts: string[];
}

export const SCOTTISH_COUNCILS: readonly CouncilRef[] = [
  { code3: 'CLK', gss: 'S12000005', official: 'Clackmannanshire Council', nice: 'Clackmannanshire', alts: ['Clackmannanshire', 'clackmannan', 'clackmannanshire', 'clackmannanshire council'] },
  { code3: 'DGY', gss: 'S12000006', official: 'Dumfries and Galloway Council', nice: 'Dumfries and Galloway', alts: ['Dumfries and Galloway', 'Dumfries & Galloway Council', 'dumfries and galloway', 'dumfries and galloway council'] },
  { code3: 'EAY', gss: 'S12000008', official: 'East Ayrshire Council', nice: 'East Ayrshire', alts: ['East Ayrshire', 'east ayrshire', 'east ayrshire council'] },
  { code3: 'ELN', gss: 'S12000010', official: 'East Lothian Council', nice: 'East Lothian', alts: ['East Lothian', 'east lothian', 'east lothian council'] },
  { code3: 'ERW', gss: 'S12000011', official: 'East Renfrewshire Council', nice: 'East Renfrewshire', alts: ['East Renfrewshire', 'east renfrewshire', 'east renfrewshire council'] },
  { code3: 'ELS', gss: 'S12000013', official: 'Comhairle nan Eilean Siar', nice: 'Eilean Siar', alts: ['Eilean Siar', 'Western Isles Council', 'Na h-Eileanan Siar', 'comhairle nan eilean siar', 'comhairle nan eilean siar (western isles)', 'eilean', 'eilean siar', 'na h-eileanan an iar', 'western isles'] },
  { code3: 'FAL', gss: 'S12000014', official: 'Falkirk Council', nice: 'Falkirk', alts: ['Falkirk', 'falkirk', 'falkirk council'] },
  { code3: 'HLD', gss: 'S12000017', official: 'The Highland Council', nice: 'Highland', alts: ['Highland', 'Highland Council', 'highands', 'highland', 'highlands', 'the highland council'] },
  { code3: 'IVC', gss: 'S12000018', official: 'Inverclyde Council', nice: 'Inverclyde', alts: ['Inverclyde', 'inverclyde', 'inverclyde council'] },
  { code3: 'MLN', gss: 'S12000019', official: 'Midlothian Council', nice: 'Midlothian', alts: ['Midlothian', 'midlothian', 'midlothian council'] },
  { code3: 'MRY', gss: 'S12000020', official: 'The Moray Council', nice: 'Moray', alts: ['Moray', 'Moray Council', 'moray', 'moray council'] },
  { code3: 'NAY', gss: 'S12000021', official: 'North Ayrshire Council', nice: 'North Ayrshire', alts: ['North Ayrshire', 'north ayrshire', 'north ayrshire council'] },
  { code3: 'ORK', gss: 'S12000023', official: 'Orkney Islands Council', nice: 'Orkney Islands', alts: ['Orkney Islands', 'orkney', 'orkney islands', 'orkney islands council'] },
  { code3: 'SCB', gss: 'S12000026', official: 'Scottish Borders Council', nice: 'The Scottish Borders', alts: ['The Scottish Borders', 'scottish borders', 'the scottish borders'] },
  { code3: 'ZET', gss: 'S12000027', official: 'Shetland Islands Council', nice: 'Shetland Islands', alts: ['Shetland Islands', 'shetland', 'shetland islands', 'shetland islands council'] },
  { code3: 'SAY', gss: 'S12000028', official: 'South Ayrshire Council', nice: 'South Ayrshire', alts: ['South Ayrshire', 'south ayrshire', 'south ayrshire council', 'south ayshire'] },
  { code3: 'SLK', gss: 'S12000029', official: 'South Lanarkshire Council', nice: 'South Lanarkshire', alts: ['South Lanarkshire', 'south lanarkshire', 'south lanarkshire council'] },
  { code3: 'STG', gss: 'S12000030', official: 'Stirling Council', nice: 'Stirling', alts: ['Stirling', 'stirling', 'stirling council'] },
  { code3: 'ABE', gss: 'S12000033', official: 'Aberdeen City Council', nice: 'Aberdeen City', alts: ['Aberdeen City', 'aberdeen c ity', 'aberdeen city', 'aberdeen city council', 'aberdeen cuty', 'aberdeen', 'city of aberdeen'] },
  { code3: 'ABD', gss: 'S12000034', official: 'Aberdeenshire Council', nice: 'Aberdeenshire', alts: ['Aberdeenshire', 'aberdeenshire', 'aberdeenshire council'] },
  { code3: 'AGB', gss: 'S12000035', official: 'Argyll and Bute Council', nice: 'Argyll and Bute', alts: ['Argyll and Bute', 'argyll and bute', 'argyll and bute council'] },
  { code3: 'EDH', gss: 'S12000036', official: 'City of Edinburgh Council', nice: 'City of Edinburgh', alts: ['City of Edinburgh', 'city of edinburgh', 'city of edinburgh council', 'edinburgh', 'edinburgh (city of)', 'edinburgh, city of'] },
  { code3: 'RFW', gss: 'S12000038', official: 'Renfrewshire Council', nice: 'Renfrewshire', alts: ['Renfrewshire', 'renfrewshire', 'renfrewshire council'] },
  { code3: 'WDU', gss: 'S12000039', official: 'West Dunbartonshire Council', nice: 'West Dunbartonshire', alts: ['West Dunbartonshire', 'west dunbartonshire', 'west dunbartonshire council'] },
  { code3: 'WLN', gss: 'S12000040', official: 'West Lothian Council', nice: 'West Lothian', alts: ['West Lothian', 'west lothian', 'west lothian council'] },
  { code3: 'ANS', gss: 'S12000041', official: 'Angus Council', nice: 'Angus', alts: ['Angus', 'angus', 'angus council'] },
  { code3: 'DND', gss: 'S12000042', official: 'Dundee City Council', nice: 'Dundee City', alts: ['Dundee City', 'city of dundee', 'dundee', 'dundee city', 'dundee city council'] },
  { code3: 'EDU', gss: 'S12000045', official: 'East Dunbartonshire Council', nice: 'East Dunbartonshire', alts: ['East Dunbartonshire', 'ease dunbartonshire', 'east dunbaronshire', 'east dunbarton', 'east dunbartonshire', 'east dunbartonshire council', 'east dunnbartonshire'] },
  { code3: 'FIF', gss: 'S12000047', official: 'Fife Council', nice: 'Fife', alts: ['Fife', 'fife', 'fife council'] },
  { code3: 'PKN', gss: 'S12000048', official: 'Perth and Kinross Council', nice: 'Perth and Kinross', alts: ['Perth and Kinross', 'perth and kinross', 'perth and kinross council'] },
  { code3: 'GLG', gss: 'S12000049', official: 'Glasgow City Council', nice: 'Glasgow City', alts: ['Glasgow City', 'city of glasgow', 'glasgow', 'glasgow city', 'glasgow city coucil', 'glasgow city council'] },
  { code3: 'NLK', gss: 'S12000050', official: 'North Lanarkshire Council', nice: 'North Lanarkshire', alts: ['North Lanarkshire', 'north lanarkshire', 'north lanarkshire council'] },
];

export const TAXONOMY: readonly string[] = [
  'Revenues & Benefits',
  'Social care case management',
  'Education MIS',
  'HR & Payroll',
  'Finance & ERP',
  'Income management & payments',
  'Planning & Building Standards',
  'Housing',
  'CRM',
  'Web CMS',
  'Document & records management',
  'GIS & property',
  'Democracy & elections',
  'Libraries',
  'Parking',
  'Waste & environment',
  'Regulatory & licensing',
  'Highways & transport',
  'Telephony',
  'Mobile',
  'Network & WAN',
  'Hosting',
  'End-user devices',
  'Print',
  'Security',
  'Productivity licensing',
  'Other ICT',
  'Not IT',
];

export const CATALOGUE_PRODUCT_NAMES: readonly string[] = [
  'AP Automation', 'AP Forensics', 'APAS / Swiftsearch (Built Environment)', 'APP/Flare', 'Academy', 'Acorn/Paycheck',
  'Adults (LAS)', 'Alloy (Asset Management)', 'ArcGIS', 'Assure (Regulatory/Land Charges)', 'Aurora/eVO (Gazetteer & GIS)', 'Blue Badge',
  'Blue Badge / Travel', 'CAFM Explorer', 'CAFM/Property', 'CRM', 'CRM / Lagan', 'CRM Platform',
  'CX Platform', 'Capita One', 'Care at Home', 'CareFirst', 'Childrens (LCS)', 'Childview',
  'Cloud/Hosting', 'Collective (Waste)', 'Commissioning', 'Confirm', 'Contact Centre', 'ContrOCC',
  'Core+', 'Coroners', 'Countryside (CAMS)', 'Cygnum', 'Data & Identity', 'Digital Place',
  'Digital Platform', 'Digital Services (Jadu)', 'Digital360', 'Document Management', 'Domain Services', 'EBS (Adult Learning)',
  'EHC', 'EHC Hub', 'ERP/Financials', 'EYES (Education)', 'Early Payment', 'Eclipse',
  'Education (One/Synergy)', 'Elections (Eros)', 'Elector8 (Electoral)', 'Elemental', 'Enforcement/Parking', 'Enterprise Applications',
  'Environmental Services', 'Exacom CIL', 'Financials', 'Fleet/Tranman', 'GIS/Gazetteer', 'GRC Platform',
  'GrantFinder', 'HBSMR', 'Highways/Streetworks', 'Homelessness', 'Horizon (Planning/Building Control)', 'Housing',
  'Housing Repairs', 'ICON/CivicaPay', 'IT Reseller', 'IT Services', 'Impress', 'Impulse (Education)',
  'Income Management', 'Jadu Central', 'Jadu Connect', 'Jigsaw (Homelessness)', 'LIFT', 'Legal Case Management',
  'Liberty Platform', 'Library', 'Licensing', 'Licensing (Lalpac)', 'LocataPro', 'M365/Azure',
  'Magic Notes', 'Mail & Location', 'MasterGov Highways', 'MasterGov Planning', 'Mobile & Network', 'Modern Polling',
  'Modern.Gov', 'Mosaic', 'My Council Services', 'NEC Housing', 'NEC Revenues & Benefits', 'Network Services',
  'Open Housing', 'Open Objects', 'Open Revenues', 'Open4', 'OpenAccounts/HR', 'PAMMS',
  'PTX', 'Parking', 'Parking (PARIS)', 'Pay360', 'Payments & Prepaid Cards', 'People Planner',
  'Planning & Regulatory', 'Practical Law/Westlaw', 'Print & Document', 'Procedures Manual', 'RPA', 'Revenues & Benefits',
  'SCF / Abacus', 'Safeguarding Tracker', 'Self-Service & RFID', 'Social Media Management', 'Spydus', 'Synergy',
  'Telecare', 'Traffic Management', 'Traffic Sensors', 'Transport', 'Uniform', 'Uniform (Public Protection)',
  'Waste', 'Waste Management', 'Webcasting', 'Xpress', 'Youth Justice (M3)', 'eLearning',
  'groundMapper', 'iManage',
];
