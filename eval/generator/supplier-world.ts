/**
 * The world of supplier companies that council registers name, grouped into parent/family groups,
 * and the many ways a council writes one company's name (case, Ltd/Limited/LTD, (UK), & / and,
 * transposed letters, lost or moved spaces, HTML entities, old names after a rename, "t/a" brands,
 * abbreviations). Look-alike different companies (Capita / Capital, North / Forth Valley, Unit4 /
 * Unit 5, HP Inc / Hewlett Packard Enterprise, Lomond Business Systems / Lomond Digital) are
 * separate entities in separate groups and must stay apart.
 */
import { hashString, Rng } from './prng';

export interface SupplierEntity {
  id: string;
  groupId: string;
  /** Current legal name. */
  name: string;
  /** Legal names the same company used before a rename. */
  formerNames: string[];
  /** Trading names / brands of this legal entity. */
  brands: string[];
  /** Short forms councils use (CCS, ESPO, BT, SCC). */
  abbreviations: string[];
  companyNumber: string;
  /** Registered-office style address, used by Contracts-Finder style supplier cells. */
  address: string;
}

interface EntitySeed {
  id: string;
  name: string;
  former?: string[];
  brands?: string[];
  abbr?: string[];
  no?: string;
  town?: string;
}

/** [group id, entities]. Entity ids are stable and used in truth. */
const GROUP_SEEDS: readonly (readonly [string, readonly EntitySeed[]])[] = [
  // --- line-of-business software vendors ---
  ['g-civica', [
    { id: 'e-civica-uk', name: 'Civica UK Limited', brands: ['Civica'], no: '01628868', town: 'London' },
    { id: 'e-civica-services', name: 'Civica Services Limited', no: '02374268', town: 'London' },
    { id: 'e-civica-elections', name: 'Civica Election Services Limited', former: ['Electoral Reform Services Limited'], no: '02772457', town: 'London' },
    { id: 'e-civica-digital', name: 'Civica Digital Limited', no: '04227285', town: 'Bristol' },
  ]],
  ['g-nec', [
    { id: 'e-nec-ss', name: 'NEC Software Solutions UK Limited', former: ['Northgate Public Services (UK) Limited'], no: '00968498', town: 'Hemel Hempstead' },
    { id: 'e-nec-uk', name: 'NEC (UK) Limited', no: '01413093', town: 'London' },
    { id: 'e-northgate-is', name: 'Northgate Information Solutions UK Limited', no: '03166935', town: 'Hemel Hempstead' },
  ]],
  ['g-capita', [
    { id: 'e-capita-bs', name: 'Capita Business Services Limited', no: '02299747', town: 'London' },
    { id: 'e-capita-plc', name: 'Capita plc', no: '02081330', town: 'London' },
    { id: 'e-capita-sis', name: 'Capita Secure Information Solutions Limited', no: '01985243', town: 'Fareham' },
    { id: 'e-capita-it', name: 'Capita IT Services Limited', no: '04157831', town: 'London' },
  ]],
  ['g-capital-bs', [{ id: 'e-capital-bs', name: 'Capital Business Solutions Limited', no: 'SC412870', town: 'Edinburgh' }]],
  ['g-idox', [
    { id: 'e-idox-sw', name: 'Idox Software Limited', no: '02933889', town: 'Theale' },
    { id: 'e-idox-plc', name: 'Idox plc', no: '03984070', town: 'Theale' },
    { id: 'e-idox-compliance', name: 'Idox Compliance Limited', no: '06015317', town: 'Glasgow' },
  ]],
  ['g-access', [
    { id: 'e-access-uk', name: 'Access UK Limited', brands: ['The Access Group'], no: '02343760', town: 'Loughborough' },
    { id: 'e-pay360', name: 'Pay360 Limited', no: '03886862', town: 'Loughborough' },
    { id: 'e-access-paysuite', name: 'Access Paysuite Limited', no: '04149313', town: 'Loughborough' },
  ]],
  ['g-accesspoint', [{ id: 'e-accesspoint', name: 'Access Point Technologies Limited', no: 'SC298114', town: 'Livingston' }]],
  ['g-systemc', [
    { id: 'e-systemc', name: 'System C Healthcare Limited', no: '01754990', town: 'Maidstone' },
    { id: 'e-liquidlogic', name: 'Liquidlogic Limited', no: '04006349', town: 'Leeds' },
  ]],
  ['g-cgi', [{ id: 'e-cgi', name: 'CGI IT UK Limited', former: ['Logica UK Limited'], no: '00947968', town: 'London' }]],
  ['g-sopra', [{ id: 'e-sopra', name: 'Sopra Steria Limited', former: ['Steria Limited'], no: '04077975', town: 'Hemel Hempstead' }]],
  ['g-computacenter', [
    { id: 'e-cc-uk', name: 'Computacenter (UK) Limited', no: '01584718', town: 'Hatfield' },
    { id: 'e-cc-plc', name: 'Computacenter plc', no: '03110569', town: 'Hatfield' },
  ]],
  ['g-softcat', [{ id: 'e-softcat', name: 'Softcat plc', former: ['Softcat Limited'], no: '02174990', town: 'Marlow' }]],
  ['g-phoenix', [{ id: 'e-phoenix', name: 'Phoenix Software Limited', no: '02548628', town: 'York' }]],
  ['g-cdw', [{ id: 'e-cdw', name: 'CDW Limited', former: ['Kelway (UK) Limited'], no: '02465350', town: 'London' }]],
  ['g-insight', [{ id: 'e-insight', name: 'Insight Direct (UK) Limited', no: '03604424', town: 'Sheffield' }]],
  ['g-bt', [
    { id: 'e-bt', name: 'British Telecommunications plc', brands: ['BT Business'], abbr: ['BT'], no: '01800000', town: 'London' },
    { id: 'e-ee', name: 'EE Limited', no: '02382161', town: 'Hatfield' },
    { id: 'e-openreach', name: 'Openreach Limited', no: '10690039', town: 'London' },
  ]],
  ['g-vodafone', [
    { id: 'e-vodafone', name: 'Vodafone Limited', no: '01471587', town: 'Newbury' },
    { id: 'e-vodafone-connect', name: 'Vodafone Connect Limited', no: '02873439', town: 'Newbury' },
  ]],
  ['g-vmo2', [
    { id: 'e-vmb', name: 'Virgin Media Business Limited', no: '01785381', town: 'Hook' },
    { id: 'e-vmo2-business', name: 'Virgin Media O2 Business Limited', no: '12931553', town: 'Slough' },
    { id: 'e-o2', name: 'Telefonica UK Limited', brands: ['O2'], no: '01743099', town: 'Slough' },
  ]],
  ['g-microsoft', [
    { id: 'e-ms', name: 'Microsoft Limited', no: '01624297', town: 'Reading' },
    { id: 'e-ms-ireland', name: 'Microsoft Ireland Operations Limited', no: 'IE256796', town: 'Dublin' },
  ]],
  ['g-oracle', [{ id: 'e-oracle', name: 'Oracle Corporation UK Limited', no: '01782505', town: 'Reading' }]],
  ['g-sap', [{ id: 'e-sap', name: 'SAP (UK) Limited', no: '02152073', town: 'Feltham' }]],
  ['g-unit4', [{ id: 'e-unit4', name: 'Unit4 Business Software Limited', former: ['Agresso UK Limited'], brands: ['Unit 4'], no: '01737985', town: 'Sunbury-on-Thames' }]],
  ['g-unit5', [{ id: 'e-unit5', name: 'Unit 5 Software Limited', no: 'SC587203', town: 'Paisley' }]],
  ['g-jadu', [{ id: 'e-jadu', name: 'Jadu Creative Limited', brands: ['Jadu'], no: '04643244', town: 'Leicester' }]],
  ['g-granicus', [
    { id: 'e-granicus-firmstep', name: 'Granicus-Firmstep Limited', former: ['Firmstep Limited'], no: '04283951', town: 'London' },
    { id: 'e-granicus-inc', name: 'Granicus Inc', no: 'US-MN-1999', town: 'Denver' },
  ]],
  ['g-esri', [{ id: 'e-esri', name: 'Esri UK Limited', former: ['ESRI (UK) Limited'], no: '01288342', town: 'Aylesbury' }]],
  ['g-xerox', [
    { id: 'e-xerox-uk', name: 'Xerox (UK) Limited', no: '00330754', town: 'Uxbridge' },
    { id: 'e-xerox-ltd', name: 'Xerox Limited', no: '00358716', town: 'Uxbridge' },
  ]],
  ['g-ricoh', [{ id: 'e-ricoh', name: 'Ricoh UK Limited', no: '03001351', town: 'London' }]],
  ['g-canon', [{ id: 'e-canon', name: 'Canon (UK) Limited', no: '01219843', town: 'Uxbridge' }]],
  ['g-konica', [{ id: 'e-konica', name: 'Konica Minolta Business Solutions (UK) Limited', no: '00811417', town: 'Basildon' }]],
  ['g-bartec', [{ id: 'e-bartec', name: 'Bartec Auto ID Limited', brands: ['Bartec Municipal Technologies'], no: '02719701', town: 'Barnsley' }]],
  ['g-whitespace', [{ id: 'e-whitespace', name: 'Whitespace Work Software Limited', no: '05378485', town: 'Southampton' }]],
  ['g-webaspx', [{ id: 'e-webaspx', name: 'Webaspx Limited', no: 'SC201416', town: 'Edinburgh' }]],
  ['g-netcall', [
    { id: 'e-netcall-tech', name: 'Netcall Technology Limited', no: '01812912', town: 'London' },
    { id: 'e-netcall-plc', name: 'Netcall plc', no: '01812912', town: 'London' },
  ]],
  ['g-verint', [{ id: 'e-verint', name: 'Verint Systems (UK) Limited', former: ['Lagan Technologies Limited'], no: '02602824', town: 'Weybridge' }]],
  ['g-salesforce', [{ id: 'e-salesforce', name: 'Salesforce UK Limited', no: '11833418', town: 'London' }]],
  ['g-bytes', [{ id: 'e-bytes', name: 'Bytes Software Services Limited', no: '06078094', town: 'Leatherhead' }]],
  ['g-xma', [{ id: 'e-xma', name: 'XMA Limited', no: '02051703', town: 'Nottingham' }]],
  ['g-scc', [{ id: 'e-scc', name: 'Specialist Computer Centres plc', abbr: ['SCC'], no: '01428210', town: 'Birmingham' }]],
  ['g-brightly', [{ id: 'e-brightly', name: 'Brightly Software Limited', no: '12838751', town: 'Stockport' }]],
  ['g-symology', [{ id: 'e-symology', name: 'Symology Limited', no: '01760502', town: 'Haywards Heath' }]],
  ['g-causeway', [
    { id: 'e-causeway', name: 'Causeway Technologies Limited', no: '03921897', town: 'Watford' },
    { id: 'e-yotta', name: 'Yotta Limited', no: '05093637', town: 'Kenilworth' },
  ]],
  ['g-publici', [{ id: 'e-publici', name: 'Public-i Group Limited', no: '01046052', town: 'Brighton' }]],
  ['g-democracy-counts', [{ id: 'e-democracy-counts', name: 'Democracy Counts Limited', no: '07095502', town: 'Stockport' }]],
  ['g-locata', [{ id: 'e-locata', name: 'Locata Housing Services Limited', no: '09675662', town: 'London' }]],
  ['g-ieg4', [{ id: 'e-ieg4', name: 'IEG4 Limited', no: '05733146', town: 'Sale' }]],
  ['g-flowbird', [{ id: 'e-flowbird', name: 'Flowbird Smart City UK Limited', former: ['Parkeon Limited'], no: '08512149', town: 'Basingstoke' }]],
  ['g-allpay', [{ id: 'e-allpay', name: 'Allpay Limited', no: '02933191', town: 'Hereford' }]],
  ['g-worldpay', [{ id: 'e-worldpay', name: 'Worldpay (UK) Limited', no: '07316500', town: 'London' }]],
  ['g-ideagen', [
    { id: 'e-ideagen-plc', name: 'Ideagen plc', no: '02805019', town: 'Nottingham' },
    { id: 'e-ideagen-sw', name: 'Ideagen Software Limited', no: '05394924', town: 'Nottingham' },
  ]],
  ['g-advanced', [{ id: 'e-advanced', name: 'Advanced Business Software and Solutions Limited', brands: ['OneAdvanced'], no: '11125626', town: 'Birmingham' }]],
  ['g-mhr', [{ id: 'e-mhr', name: 'MHR International UK Limited', brands: ['MHR'], no: '02151548', town: 'Nottingham' }]],
  ['g-tribal', [
    { id: 'e-tribal-ed', name: 'Tribal Education Limited', no: '03278184', town: 'Bristol' },
    { id: 'e-tribal-plc', name: 'Tribal Group plc', no: '04128850', town: 'Bristol' },
  ]],
  ['g-goss', [{ id: 'e-goss', name: 'GOSS Interactive Limited', no: '03553908', town: 'Plymouth' }]],
  ['g-placecube', [{ id: 'e-placecube', name: 'Placecube Limited', no: '09914106', town: 'London' }]],
  ['g-statmap', [{ id: 'e-statmap', name: 'StatMap Limited', no: '06588284', town: 'Daventry' }]],
  ['g-trapeze', [{ id: 'e-trapeze', name: 'Trapeze Group (UK) Limited', no: '04160790', town: 'Stockport' }]],
  ['g-totalmobile', [{ id: 'e-totalmobile', name: 'Totalmobile Limited', no: 'NI018486', town: 'Belfast' }]],
  ['g-arcus', [{ id: 'e-arcus', name: 'Arcus Global Limited', no: '06946606', town: 'Cambridge' }]],
  ['g-learningpool', [{ id: 'e-learningpool', name: 'Learning Pool Limited', no: 'NI060102', town: 'Derry' }]],
  ['g-mri', [
    { id: 'e-mri', name: 'MRI Software Limited', no: '03341304', town: 'London' },
    { id: 'e-orchard', name: 'Orchard Information Systems Limited', no: '01900078', town: 'Newcastle upon Tyne' },
    { id: 'e-mri-community', name: 'MRI Community Software Limited', no: '15370298', town: 'London' },
  ]],
  ['g-caci', [{ id: 'e-caci', name: 'CACI Limited', no: '01649776', town: 'London' }]],
  ['g-bibliotheca', [{ id: 'e-bibliotheca', name: 'Bibliotheca Limited', no: '02983151', town: 'Cheadle' }]],
  ['g-quadient', [{ id: 'e-quadient', name: 'Quadient UK Limited', former: ['Neopost Limited'], no: '03749721', town: 'Romford' }]],
  ['g-iken', [{ id: 'e-iken', name: 'Iken Business Limited', no: '02776536', town: 'Leeds' }]],
  ['g-experian', [{ id: 'e-experian', name: 'Experian Limited', no: '00653331', town: 'Nottingham' }]],
  ['g-seemis', [{ id: 'e-seemis', name: 'SEEMiS Group LLP', no: 'SO300745', town: 'Glasgow' }]],
  ['g-improvement-service', [{ id: 'e-improvement-service', name: 'Improvement Service', no: 'SC287189', town: 'Livingston' }]],
  ['g-parentpay', [{ id: 'e-parentpay', name: 'ParentPay Limited', no: '04613380', town: 'Coventry' }]],
  // --- infrastructure, resellers, telecoms, hosting, security ---
  ['g-iomart', [
    { id: 'e-iomart-plc', name: 'Iomart Group plc', no: 'SC204560', town: 'Glasgow' },
    { id: 'e-iomart-cloud', name: 'Iomart Cloud Services Limited', no: 'SC150949', town: 'Glasgow' },
  ]],
  ['g-brightsolid', [{ id: 'e-brightsolid', name: 'Brightsolid Online Technology Limited', no: 'SC161678', town: 'Dundee' }]],
  ['g-pulsant', [
    { id: 'e-pulsant-scot', name: 'Pulsant (Scotland) Limited', no: 'SC306218', town: 'Edinburgh' },
    { id: 'e-pulsant', name: 'Pulsant Limited', no: '03625366', town: 'Reading' },
  ]],
  ['g-commsworld', [{ id: 'e-commsworld', name: 'Commsworld Limited', no: 'SC169313', town: 'Edinburgh' }]],
  ['g-gamma', [
    { id: 'e-gamma-plc', name: 'Gamma Communications plc', no: '05337985', town: 'Newbury' },
    { id: 'e-gamma-ns', name: 'Gamma Network Solutions Limited', no: '04340834', town: 'Newbury' },
  ]],
  ['g-daisy', [
    { id: 'e-daisy', name: 'Daisy Corporate Services Trading Limited', no: '02888250', town: 'Nelson' },
    { id: 'e-daisy-comms', name: 'Daisy Communications Limited', no: '04145329', town: 'Nelson' },
  ]],
  ['g-8x8', [{ id: 'e-8x8', name: '8x8 UK Limited', no: '04201163', town: 'London' }]],
  ['g-mitel', [{ id: 'e-mitel', name: 'Mitel Networks Limited', no: '02920325', town: 'Caldicot' }]],
  ['g-dell', [{ id: 'e-dell', name: 'Dell Corporation Limited', no: '02081369', town: 'Bracknell' }]],
  ['g-hp', [{ id: 'e-hp', name: 'HP Inc UK Limited', no: '00690597', town: 'Reading' }]],
  ['g-hpe', [{ id: 'e-hpe', name: 'Hewlett Packard Enterprise Limited', no: '09983247', town: 'Bracknell' }]],
  ['g-lenovo', [{ id: 'e-lenovo', name: 'Lenovo Technology (United Kingdom) Limited', no: '05233453', town: 'Reading' }]],
  ['g-cisco', [{ id: 'e-cisco', name: 'Cisco International Limited', no: '06640658', town: 'Feltham' }]],
  ['g-ncc', [
    { id: 'e-ncc-sss', name: 'NCC Group Security Services Limited', no: '04474648', town: 'Manchester' },
    { id: 'e-ncc-plc', name: 'NCC Group plc', no: '04627044', town: 'Manchester' },
  ]],
  ['g-boxxe', [{ id: 'e-boxxe', name: 'Boxxe Limited', former: ['Software Box Limited'], no: '02109168', town: 'Slough' }]],
  ['g-adobe', [{ id: 'e-adobe', name: 'Adobe Systems Software Ireland Limited', no: 'IE344829', town: 'Dublin' }]],
  ['g-pitney', [{ id: 'e-pitney', name: 'Pitney Bowes Limited', no: '00182037', town: 'Harlow' }]],
  // --- invented Scottish IT firms, including deliberate look-alikes ---
  ['g-forth-valley', [{ id: 'e-forth-valley', name: 'Forth Valley Digital Limited', no: 'SC512044', town: 'Stirling' }]],
  ['g-north-valley', [{ id: 'e-north-valley', name: 'North Valley Digital Limited', no: 'SC530917', town: 'Inverness' }]],
  ['g-clyde-data', [{ id: 'e-clyde-data', name: 'Clyde Data Systems Limited', no: 'SC244611', town: 'Glasgow' }]],
  ['g-saltire-cyber', [{ id: 'e-saltire-cyber', name: 'Saltire Cyber Security Limited', no: 'SC601233', town: 'Edinburgh' }]],
  ['g-saltire-print', [{ id: 'e-saltire-print', name: 'Saltire Print Solutions Limited', no: 'SC190054', town: 'Falkirk' }]],
  ['g-caledonian-cloud', [
    { id: 'e-caledonian-cloud', name: 'Caledonian Cloud Services Limited', no: 'SC455190', town: 'Aberdeen' },
    { id: 'e-caledonian-holdings', name: 'Caledonian Cloud Holdings Limited', no: 'SC455102', town: 'Aberdeen' },
  ]],
  ['g-caledonia-it', [{ id: 'e-caledonia-it', name: 'Caledonia IT Consulting Limited', no: 'SC377821', town: 'Perth' }]],
  ['g-grampian-sw', [{ id: 'e-grampian-sw', name: 'Grampian Software Solutions Limited', no: 'SC263340', town: 'Aberdeen' }]],
  ['g-kelvin', [{ id: 'e-kelvin', name: 'Kelvin Connect Limited', former: ['Kelvin Telecom Limited'], no: 'SC398402', town: 'Glasgow' }]],
  ['g-tay', [{ id: 'e-tay', name: 'Tay Digital Limited', no: 'SC548812', town: 'Dundee' }]],
  ['g-marshall-kerr', [{ id: 'e-marshall-kerr', name: 'Marshall & Kerr IT Services Limited', no: 'SC338870', town: 'Kilmarnock' }]],
  ['g-lomond-bs', [{ id: 'e-lomond-bs', name: 'Lomond Business Systems Limited', no: 'SC221904', town: 'Dumbarton' }]],
  ['g-lomond-digital', [{ id: 'e-lomond-digital', name: 'Lomond Digital Limited', no: 'SC644310', town: 'Balloch' }]],
  ['g-harper-lyle', [{ id: 'e-harper-lyle', name: 'Harper & Lyle Digital Limited', no: 'SC571266', town: 'Edinburgh' }]],
  ['g-bell-gillespie', [{ id: 'e-bell-gillespie', name: 'Bell & Gillespie Communications Limited', no: 'SC402215', town: 'Motherwell' }]],
  ['g-thistle', [{ id: 'e-thistle', name: 'Thistle Network Services Limited', no: 'SC312778', town: 'Livingston' }]],
  // --- purchasing bodies that registers name in the supplier column ---
  ['g-ccs', [{ id: 'e-ccs', name: 'Crown Commercial Service', abbr: ['CCS'], no: 'GOV-CCS', town: 'Liverpool' }]],
  ['g-espo', [{ id: 'e-espo', name: 'Eastern Shires Purchasing Organisation', abbr: ['ESPO'], no: 'GOV-ESPO', town: 'Leicester' }]],
  ['g-scotxl', [{ id: 'e-scotxl', name: 'Scotland Excel', no: 'GOV-SXL', town: 'Paisley' }]],
  // --- non-IT suppliers (registers are not pure IT) ---
  ['g-sysco', [
    { id: 'e-brakes', name: 'Brakes Bros Limited', brands: ['Brakes'], no: '00457938', town: 'Ashford' },
    { id: 'e-fresh-direct', name: 'Fresh Direct (UK) Limited', no: '03049355', town: 'Bicester' },
  ]],
  ['g-bidcorp', [{ id: 'e-bfs', name: 'BFS Group Limited', brands: ['Bidfood'], no: '00359011', town: 'Slough' }]],
  ['g-campbell', [{ id: 'e-campbell', name: 'Campbell Brothers Limited', no: 'SC046113', town: 'Bathgate' }]],
  ['g-sse', [
    { id: 'e-sse-es', name: 'SSE Energy Solutions Limited', no: 'SC215621', town: 'Perth' },
    { id: 'e-sse-plc', name: 'SSE plc', no: 'SC117119', town: 'Perth' },
  ]],
  ['g-edf', [{ id: 'e-edf', name: 'EDF Energy Customers Limited', no: '02228297', town: 'London' }]],
  ['g-biffa', [{ id: 'e-biffa', name: 'Biffa Waste Services Limited', no: '00946107', town: 'High Wycombe' }]],
  ['g-veolia', [{ id: 'e-veolia', name: 'Veolia ES (UK) Limited', no: '02481991', town: 'London' }]],
  ['g-galliford', [
    { id: 'e-morrison', name: 'Morrison Construction Limited', no: 'SC052792', town: 'Edinburgh' },
    { id: 'e-galliford', name: 'Galliford Try Construction Limited', no: '00836539', town: 'Uxbridge' },
  ]],
  ['g-robertson', [{ id: 'e-robertson', name: 'Robertson Construction Group Limited', no: 'SC074232', town: 'Stirling' }]],
  ['g-idverde', [{ id: 'e-idverde', name: 'idverde Limited', no: '02508025', town: 'Northampton' }]],
  ['g-arnold-clark', [{ id: 'e-arnold-clark', name: 'Arnold Clark Automobiles Limited', no: 'SC036385', town: 'Glasgow' }]],
  ['g-certas', [{ id: 'e-certas', name: 'Certas Energy UK Limited', no: '05650352', town: 'Leeds' }]],
  ['g-stagecoach', [{ id: 'e-stagecoach', name: 'Stagecoach West Scotland Limited', no: 'SC098211', town: 'Kilmarnock' }]],
  ['g-mcgills', [{ id: 'e-mcgills', name: "McGill's Bus Service Limited", no: 'SC184406', town: 'Greenock' }]],
  ['g-ccg', [{ id: 'e-ccg', name: 'CCG (Scotland) Limited', no: 'SC062153', town: 'Glasgow' }]],
  ['g-everwarm', [{ id: 'e-everwarm', name: 'Everwarm Limited', no: 'SC261393', town: 'Bathgate' }]],
  ['g-mears', [
    { id: 'e-mears', name: 'Mears Limited', no: '03232863', town: 'Gloucester' },
    { id: 'e-mears-group', name: 'Mears Group plc', no: '03711395', town: 'Gloucester' },
  ]],
  ['g-enva', [{ id: 'e-enva', name: 'Enva Scotland Limited', no: 'SC137964', town: 'Glasgow' }]],
];

const STREETS = [
  'Southbank Central, 30 Stamford Street', 'Riverside House, 2 Kings Road', 'The Pavilion, 1 Station Square',
  'Unit 4, Meridian Business Park', '1 Waterfront Drive', 'Castle House, 18 High Street', 'Atlantic Quay, 150 Broomielaw',
  'Quartermile Two, 2 Lister Square', '5 Exchange Crescent', 'Building 3, Chiswick Park',
];

function makeAddress(seed: EntitySeed): string {
  const h = hashString(seed.id);
  const town = seed.town ?? 'London';
  const letter = (k: number) => String.fromCharCode(65 + (Math.floor(h / k) % 26));
  const digit = (k: number) => 1 + (Math.floor(h / k) % 9);
  const pc = `${letter(1)}${letter(26)}${digit(676)} ${digit(6084)}${letter(54756)}${letter(1423656)}`;
  return `${STREETS[h % STREETS.length]}, ${town}, ${pc}`;
}

export const SUPPLIER_ENTITIES: readonly SupplierEntity[] = GROUP_SEEDS.flatMap(([groupId, seeds]) =>
  seeds.map((s) => ({
    id: s.id,
    groupId,
    name: s.name,
    formerNames: s.former ?? [],
    brands: s.brands ?? [],
    abbreviations: s.abbr ?? [],
    companyNumber: s.no ?? String(10_000_000 + (hashString(s.id) % 89_999_999)).slice(0, 8),
    address: makeAddress(s),
  })),
);

const ENTITY_BY_ID = new Map(SUPPLIER_ENTITIES.map((e) => [e.id, e]));

export function entity(id: string): SupplierEntity {
  const e = ENTITY_BY_ID.get(id);
  if (!e) throw new Error(`unknown supplier entity ${id}`);
  return e;
}

export function entitiesOfGroup(groupId: string): SupplierEntity[] {
  return SUPPLIER_ENTITIES.filter((e) => e.groupId === groupId);
}

/** Cells a register uses when there is no named supplier (truth: supplierRaw null, ids null). */
export const NO_SUPPLIER_CELLS: readonly string[] = [
  '', '', '', 'Withheld', 'Various', 'Contract not awarded', 'Commercially sensitive - withheld',
  'Multiple suppliers', 'TBC', 'Redacted', 'Various (framework)', 'n/a',
];

/** How one council habitually writes company names. */
export interface SpellingStyle {
  caseMode: 'as-is' | 'upper' | 'title' | 'lower';
  limited: string;
  plc: string;
  ukMode: 'keep' | 'drop' | 'bare';
  ampersand: 'keep' | 'and' | '&';
  htmlEntities: boolean;
  typoRate: number;
  suffixTypoRate: number;
  trailingSpaceRate: number;
  formerNameRate: number;
  annotateRate: number;
  brandRate: number;
  abbreviationRate: number;
}

export function randomSpellingStyle(rng: Rng): SpellingStyle {
  return {
    caseMode: rng.weighted([['as-is', 6], ['upper', 2.5], ['title', 1.5], ['lower', 0.3]] as const),
    limited: rng.weighted([['Ltd', 5], ['Limited', 4], ['LTD', 1.5], ['Ltd.', 1], ['', 0.8]] as const),
    plc: rng.weighted([['plc', 4], ['PLC', 2], ['Plc', 1], ['P.L.C.', 0.3], ['', 0.7]] as const),
    ukMode: rng.weighted([['keep', 5], ['drop', 3], ['bare', 1]] as const),
    ampersand: rng.weighted([['keep', 5], ['and', 2], ['&', 2]] as const),
    htmlEntities: rng.chance(0.2),
    typoRate: rng.pick([0, 0.02, 0.05, 0.08, 0.12]),
    suffixTypoRate: rng.pick([0, 0, 0.03, 0.06]),
    trailingSpaceRate: rng.pick([0, 0, 0.05, 0.2]),
    formerNameRate: rng.pick([0.1, 0.3, 0.6]),
    annotateRate: rng.pick([0.1, 0.25, 0.4]),
    brandRate: rng.pick([0.1, 0.3]),
    abbreviationRate: rng.pick([0.2, 0.5, 0.8]),
  };
}

const LIMITED_TYPOS = ['Limted', 'Limitd', 'Lmited', 'Limitied', 'Ltd,', 'Ltd ltd'];

function splitSuffix(name: string): { base: string; suffix: 'limited' | 'plc' | 'other' | 'none'; raw: string } {
  const m = /^(.*?)[ ]+(Limited|Ltd|plc|PLC|LLP|Inc)$/.exec(name);
  if (!m) return { base: name, suffix: 'none', raw: '' };
  if (m[2] === 'Limited' || m[2] === 'Ltd') return { base: m[1], suffix: 'limited', raw: m[2] };
  if (m[2] === 'plc' || m[2] === 'PLC') return { base: m[1], suffix: 'plc', raw: m[2] };
  return { base: m[1], suffix: 'other', raw: m[2] };
}

function transposeInWord(rng: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => /^[A-Za-z]{6,}$/.test(w));
  if (candidates.length === 0) return text;
  const { w, i } = rng.pick(candidates);
  const pos = rng.int(2, w.length - 3);
  if (w[pos] === w[pos + 1]) return text;
  words[i] = w.slice(0, pos) + w[pos + 1] + w[pos] + w.slice(pos + 2);
  return words.join(' ');
}

function moveSpace(rng: Rng, text: string): string {
  const words = text.split(' ');
  if (words.length >= 2 && rng.chance(0.6)) {
    const i = rng.int(0, words.length - 2);
    const a = words[i];
    const b = words[i + 1];
    if (/^[A-Za-z]{4,}$/.test(a) && /^[A-Za-z]{3,}$/.test(b)) {
      // "Sopra Steria" -> "Sopr aSteria" or "SopraSteria"
      words.splice(i, 2, rng.chance(0.5) ? `${a.slice(0, -1)} ${a.slice(-1)}${b}` : `${a}${b}`);
      return words.join(' ');
    }
  }
  const long = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[A-Za-z]{9,}$/.test(w));
  if (long.length === 0) return text;
  const { w, i } = rng.pick(long);
  const cut = rng.int(4, w.length - 4);
  words[i] = `${w.slice(0, cut)} ${w.slice(cut)}`;
  return words.join(' ');
}

function titleCase(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z']*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

/** Writes one legal name the council's way (suffix, (UK), &/and, typos). */
function styleName(rng: Rng, name: string, style: SpellingStyle, allowTypos: boolean): string {
  const { base: rawBase, suffix, raw } = splitSuffix(name);
  let base = rawBase;
  if (base.includes('(UK)') || base.includes('(United Kingdom)')) {
    if (style.ukMode === 'drop') base = base.replace(/ ?\((UK|United Kingdom)\)/, '');
    else if (style.ukMode === 'bare') base = base.replace(/\((UK|United Kingdom)\)/, '$1');
  }
  if (style.ampersand === 'and') base = base.replace(/ & /g, ' and ');
  else if (style.ampersand === '&') base = base.replace(/ and /g, ' & ');
  if (allowTypos && rng.chance(style.typoRate)) {
    base = rng.chance(0.55) ? transposeInWord(rng, base) : moveSpace(rng, base);
  }
  let suf = '';
  if (suffix === 'limited') {
    suf = rng.chance(style.suffixTypoRate) ? rng.pick(LIMITED_TYPOS) : style.limited;
  } else if (suffix === 'plc') {
    suf = style.plc;
  } else if (suffix === 'other') {
    suf = raw;
  }
  return suf ? `${base} ${suf}` : base;
}

function applyCase(text: string, mode: SpellingStyle['caseMode']): string {
  switch (mode) {
    case 'upper': return text.toUpperCase();
    case 'lower': return text.toLowerCase();
    case 'title': return titleCase(text);
    default: return text;
  }
}

/**
 * The supplier cell a council writes for an entity. `written` is the date-relevant context:
 * a contract let before a rename tends to be written under the old name.
 */
export function spellSupplier(rng: Rng, e: SupplierEntity, style: SpellingStyle, opts: { oldContract: boolean }): string {
  let text: string;
  const formerP = opts.oldContract ? style.formerNameRate : style.formerNameRate * 0.3;
  if (e.abbreviations.length > 0 && rng.chance(style.abbreviationRate)) {
    text = rng.pick(e.abbreviations);
  } else if (e.formerNames.length > 0 && rng.chance(formerP)) {
    const former = styleName(rng, rng.pick(e.formerNames), style, true);
    const current = styleName(rng, e.name, style, true);
    text = rng.weighted([
      [former, 5],
      [`${current} (formerly ${former})`, 2],
      [`${current} (Was ${former})`, 1],
      [`${former} (now ${current})`, 1],
      [`${current} (previously ${former})`, 1],
    ] as const);
  } else if (e.brands.length > 0 && rng.chance(style.brandRate)) {
    const brand = rng.pick(e.brands);
    const legal = styleName(rng, e.name, style, true);
    text = rng.weighted([
      [`${legal} t/a ${brand}`, 3],
      [`${legal} T/A ${brand}`, 1],
      [`${brand} (${legal})`, 1],
      [`${legal} trading as ${brand}`, 1],
      [brand, 1],
    ] as const);
  } else if (e.formerNames.length > 0 && rng.chance(style.annotateRate * 0.5)) {
    const former = styleName(rng, rng.pick(e.formerNames), style, false);
    text = `${styleName(rng, e.name, style, true)} (formerly ${former})`;
  } else {
    text = styleName(rng, e.name, style, true);
  }
  text = applyCase(text, style.caseMode);
  if (style.htmlEntities) text = text.replace(/&/g, '&amp;');
  if (rng.chance(style.trailingSpaceRate)) text += rng.pick([' ', '  ', ' ']);
  if (rng.chance(0.02)) text = text.replace(' ', '  ');
  return text;
}
