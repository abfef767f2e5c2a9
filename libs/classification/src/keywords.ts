/**
 * Words in contract titles that say what a contract is for (descriptions are left out: they are
 * mostly boilerplate, listing services the council runs and systems a supplier must work with).
 * Built from how councils title ICT contracts, not from any one register: each rule names a
 * thing only IT contracts buy, or a council service beside a word that makes it IT ("Payroll
 * system"), so ordinary words cannot fire one ("telephone" in a waste contract, "care" in
 * "health care catering", "Childrens" in a transport description).
 */

/**
 * self: the words alone say IT and the category.
 * noun: a service's name, which says the category only when the same text has an IT noun
 *   (system, software, platform, portal, database…): "Payroll system", not "Payroll bureau".
 * it: as noun, or when the contract is otherwise IT (an IT CPV code, an IT council category).
 */
export type RuleNeeds = 'self' | 'noun' | 'it';

export interface CategoryRule {
  label: string;
  pattern: RegExp;
  needs: RuleNeeds;
}

const rule = (label: string, needs: RuleNeeds, pattern: RegExp): CategoryRule => ({ label, needs, pattern });

/** Listed in the taxonomy's order; at the same place in a text, the rule listed first wins. */
export const CATEGORY_RULES: CategoryRule[] = [
  rule('Revenues & Benefits', 'self', /\b(revenues? (and|&) benefits?|revs (and|&) bens|council tax|business rates|benefits) (systems?|software|solutions?|applications?|platform)\b/i),
  rule('Revenues & Benefits', 'it', /\b(revenues? (and|&) benefits?|revs (and|&) bens|council tax( reduction| support)?|business rates|non[- ]domestic rates|nndr|housing benefits?)\b/i),
  rule('Social care case management', 'noun', /\b(social (care|work|services)|children'?s (social care|services)|adults?'? social care|adults?'? services|care (management|records?|recording)|safeguarding|youth (justice|offending)|fostering|adoption)\b/i),
  rule('Education MIS', 'self', /\b((schools?|pupils?|students?|colleges?|academ(y|ies)) (learning management systems?|lms|e-?learning|virtual learning environments?|vle)|(learning management systems?|lms|e-?learning( platforms?)?|virtual learning environments?|vles?) for (schools?|pupils|students|colleges|academies)|virtual learning environments?|vles?|schools? (mis|management information|information management|management system)|pupil (records?|tracking|data management)|management information systems? for schools|education management (system|information)|school admissions (system|software|portal))\b/i),
  rule('Education MIS', 'noun', /\b(school admissions|pupils?|personal education plans?|education,? health (and|&) care plans?|ehcps?|attendance monitoring|early years (funding|provider)|virtual school)\b/i),
  rule('HR & Payroll', 'self', /\b(hr (systems?|software|solution|platform)|human resources? (systems?|software|management system)|e-?recruitment|recruitment (systems?|software|portal|platform)|applicant tracking|occupational health (systems?|software|database)|time (and|&) attendance (systems?|software))\b/i),
  rule('HR & Payroll', 'it', /\b(payroll|hr (and|&) payroll|human resources)\b/i),
  rule('Finance & ERP', 'self', /\b(erp|enterprise resource planning|general ledger|accounts (payable|receivable)|purchase[- ]to[- ]pay|p2p|e-?procurement (systems?|software|portal|solution|platform)|e-?tendering (systems?|software|portal|solution|platform)|procurement (systems?|software|portal|platform)|financial (management )?systems?|finance systems?)\b/i),
  rule('Finance & ERP', 'noun', /\b(financial|finance|accounting|accountancy|budget(ing)?|treasury management)\b/i),
  rule('Income management & payments', 'self', /\b(income management|(barcode )?bill payments?|prepaid (cards?|card services)|school payments|cash receipting|payment (gateways?|processing|kiosks?|card services|service provider|solutions?|platforms?|systems?)|card (payments?|acquiring)|card payment processing|merchant (acquiring|(payment )?services)|payment acceptance|chip (and|&) pin|e-?payments?|(online|digital) payments?|epos)\b/i),
  rule('Planning & Building Standards', 'self', /\b(e-?planning|e-?building standards|planning (systems?|software|portal)|development management (systems?|software)|building (control|standards) (systems?|software|portal))\b/i),
  rule('Planning & Building Standards', 'noun', /\b((?<!(route|emergency|workforce|resource|financial|journey|transport|succession|business) )planning|building control|building standards|development (management|control)|land charges)\b/i),
  rule('Housing', 'self', /\b(housing (management|allocations?|register) (systems?|software|solution)|choice[- ]based lettings (systems?|software|scheme system))\b/i),
  rule('Housing', 'noun', /\b(housing|lettings|allocations|homelessness|tenancy management|rent accounting|repairs (ordering|scheduling|management))\b/i),
  rule('CRM', 'self', /\b(crm|customer relationship management|customer case management|digital customer (platform|services|experience)|cxm|customer engagement (platform|management)|customer (portal|contact (systems?|platform|solution))|(citizen|resident|customer) (portals?|accounts?)|customer experience (platform|management|system)|online forms?|e-?forms?|web ?forms?|digital (platform|forms?)|chat ?bots?|web ?chat)\b/i),
  rule('Web CMS', 'self', /\b(websites?|web ?sites?|web domains?|web content management|content management system|intranet|web (design|development|accessibility))\b/i),
  rule('Document & records management', 'self', /\b(edrms|edms|scanning (and|&) indexing|indexing (software|services?)|document management|electronic (document|records)|records management (systems?|software|solution)|document (imaging|scanning)|scanning (services?|solution|bureau)|back[- ]?scanning|digitisation of (records|documents|files))\b/i),
  rule('GIS & property', 'self', /\b(gis|geographic(al)? information|geospatial|mapping (software|systems?|data|platform)|web mapping|gazetteers?|llpg|nlpg|addressbase|address management|os mastermap|(asset|property|estates?) management (systems?|software|database|solution)|cafm|computer[- ]aided facilities management)\b/i),
  rule('Democracy & elections', 'self', /\b(electoral (registration|management) (systems?|software)|elections? (management )?(systems?|software)|committee (management|minutes|administration) (systems?|software)|democratic services (systems?|software)|webcast(ing)?|e-?voting|online voting|modern\.?gov)\b/i),
  rule('Democracy & elections', 'noun', /\b(electoral|elections?|committees?|democratic services|councillors?)\b/i),
  rule('Libraries', 'self', /\b(library management (systems?|software)|library (self[- ]service|rfid|kiosks?))\b/i),
  rule('Libraries', 'noun', /\b(library|libraries)\b/i),
  rule('Parking', 'self', /\b((car park|parking) (payment|pay) (machines?|terminals?)|(pay (and|&) display|parking|car parking) (machines?|meters?|terminals?|systems?|software)|cashless parking|pay by phone parking|parking permits? (systems?|software|portal)|pcn processing)\b/i),
  rule('Parking', 'noun', /\b(parking|pay (and|&) display|pcns?|penalty charge notices?)\b/i),
  rule('Waste & environment', 'self', /\b(in[- ]cab (systems?|technology|devices?|solution|software|units?)|waste (management|collection) (systems?|software|apps?|platform)|bin (sensors|tracking))\b/i),
  rule('Waste & environment', 'noun', /\b(waste|refuse|recycling|street cleansing|environmental services|bin collections?)\b/i),
  rule('Regulatory & licensing', 'noun', /\b(licensing|environmental health|trading standards|public protection|regulatory services|food safety|pest control|houses in multiple occupation)\b/i),
  rule('Highways & transport', 'self', /\b((roads?|street|highways?) asset management|road ?works (coordination|register|permits?|permit scheme|software|systems?)|srwr|scottish road works register|street ?works (systems?|software|register)|highways? (asset )?management (systems?|software)|transport scheduling|scheduling software|fleet management (systems?|software)|real[- ]time passenger information|rtpi|intelligent transport systems?|utmc)\b/i),
  rule('Highways & transport', 'it', /\b(route (planning|optimi[sz]ation)|telematics|vehicle tracking)\b/i),
  rule('Highways & transport', 'noun', /\b(highways?|transport(ation)?|fleet|traffic|concessionary travel|street ?works)\b/i),
  rule('Telephony', 'self', /\b(telephony|telecoms|telecommunications|voip|voice over ip|sip (trunks?|trunking|lines?)|unified communications?|ucaas|ccaas|contact cent(re|er) (platform|solution|systems?|software|telephony|technology)|cloud contact cent(re|er)|phone systems?|telephone (systems?|lines?|handsets?|exchange|platform|network|equipment)|switchboard (systems?|replacement|upgrade)|call recording|interactive voice response|ivr|teams (telephony|phone|calling)|hosted voice|pbx|isdn|pstn)\b/i),
  rule('Telephony', 'it', /\b(contact cent(re|er)s?|call cent(re|er)s?)\b/i),
  rule('Mobile', 'self', /\b(mobile (phones?|telephony|telephones?|voice|data|devices?|handsets?|airtime|network services|connectivity|device management|coverage|signal|networks?|masts?)|smart ?phones?|airtime|sim cards?|mdm|corporate mobiles?|iphones?)\b/i),
  rule('Network & WAN', 'self', /\b(wide area network|(sd-?)?wan|lan|local area network|wi-?fi|wireless (network|access|lan|infrastructure)|broadband|full fibre|gigabit|dark fibre|fibre (connectivity|network|broadband)|(?<!(heat|heating|energy|road|rail|bus|cycle|cycling|footpath|sewer|water|drainage|gas|chargepoint|charging|care|support|provider|partner) )network (services|connectivity|infrastructure|equipment|switch(es)?|refresh|security|access control|upgrade|cabling|management|hardware)|data network|firewalls?|switches and routers|routers|core switch(es)?|internet (connectivity|access|services|service provider)|isp|psn(?! (it )?health check)|hscn|public services network|health (and|&) social care network|domain names?|dns|connectivity)\b/i),
  rule('Hosting', 'self', /\b(data ?cent(re|er)s?|co-?location|cloud (hosting|services|infrastructure|platform|computing|backup|storage)|iaas|paas|infrastructure as a service|platform as a service|(managed|cloud|secure|dedicated) hosting|hosting (services|platform|solution|and support|& support)|(backup|storage|recovery|hosting|compute|servers?) as a service|hosted (infrastructure|servers?|environment)|(web|application|server) hosting|servers?|storage (area network|arrays?|infrastructure|solution)|backup (and recovery|solution|services?|software)|disaster recovery|virtuali[sz]ation|vmware(?! licen))\b/i),
  rule('End-user devices', 'self', /\b(laptops?|desktops?|desktop (pcs?|computers?|refresh)|pcs|personal computers|chromebooks?|ipads?|tablet (devices|computers)|thin clients?|computer (monitors?|equipment|hardware|peripherals)|peripherals|docking stations?|end[- ]user (devices?|computing|hardware)|device refresh|hardware refresh|(it|ict) (hardware|equipment))\b/i),
  rule('Print', 'self', /\b(mfds?|multi[- ]?function(al)? (devices?|printers?)|managed print( services?)?|print management|printers|photocopiers?|copiers?|printer fleet|print (devices?|fleet))\b/i),
  rule('Security', 'self', /\b(cyber( security)?|cybersecurity|information security|(it|ict) security|penetration test(ing|s)?|pen[- ]?test(ing)?|it health check|vulnerability (scanning|management|assessment)|anti-?virus|endpoint (protection|security|detection)|siem|soc|security operations cent(re|er)|managed security|identity (and|&) access management|privileged access|multi[- ]factor authentication|mfa|email (security|filtering)|web filtering|ddos|asv scans?|pci[- ]?dss|cyber essentials|secure email|digital (identity|identities|id)|identity (verification|assurance|management|services?|provider|platform)|id verification|single sign[- ]on|sso)\b/i),
  rule('Productivity licensing', 'self', /\b(vmware licen[cs]\w*|microsoft (windows|licen[cs]\w*|enterprise agreement|ea|365|office|software|products|subscriptions?)|office 365|m365|o365|enterprise agreements?|adobe (licen[cs]\w*|creative cloud|acrobat|sign|products)|oracle (licen[cs]\w*|support|database)|software licen[cs]\w*|licen[cs]\w* (for|of) (microsoft|adobe|oracle)|google workspace|g suite|autodesk|software products|software asset management|sql server)\b/i),
];

/** Words that say IT but no particular category: an IT contract with nothing more specific is Other ICT. */
export const OTHER_ICT_WORDS = /\b(software|saas|application (support|development|management|maintenance)|digital (transformation|services?|solutions?|platforms?|programme|strategy|signage)|service desk|it service management|itsm|low[- ]code|robotic process automation|rpa|artificial intelligence|machine learning|data (platform|warehouse|analytics|integration|migration)|business intelligence|power bi|systems? integration|apis?|app development|mobile apps?|information technology|computers?|computing|database|web portal|(online|electronic|web[- ]based|cloud[- ]based) (\w+ ){0,3}?(systems?|platforms?|portals?|software|app)|(booking|ordering|reservation|ticketing|queue management|visitor management|appointments?|case management|workflow|document) (systems?|software|platform))\b/i;
/** "IT" and "ICT" as the register writes them, in capitals (never the pronoun "it"), with the words they qualify. */
const IT_ACRONYM = /\b(IT|ICT|I\.T\.)( (support|services|consultancy|managed services?|service desk|helpdesk|strategy|transformation|solutions?|systems?|projects?|contractors?|professional services|infrastructure|programme))?(?![\w.])/i;
const CAPITALS = /^(IT|ICT|I\.T\.)/;

/** Nouns that turn a service's name into an IT contract ("Housing system", "Planning portal"). */
const IT_NOUN = /\b(systems?|software|platforms?|portals?|modules?|apps?|applications? (support|hosting|software|maintenance|management)|saas|hosted|hosting|cloud|database|online|web ?sites?|e-?forms?|digital (platform|services?|solutions?|systems?)|cms|mis|case management|case recording|technology|support and maintenance|maintenance and support)\b/gi;
/** How far an IT noun may be from a service's name to count for it: "Housing system", "system for housing". */
const NOUN_AFTER = 40;
const NOUN_BEFORE = 25;

/**
 * "System" in names of things that are not IT, taken out before looking for IT nouns: procurement
 * vehicles (a "Dynamic Purchasing System" buys anything) and building, safety and plant systems.
 */
const NOT_IT_SYSTEMS = /\b((dynamic|flexible|pseudo[- ]dynamic|open|approved) (purchasing|procurement) systems?|p?dps|fps|building management systems?|bms|(energy|quality|environmental|health and safety|traffic) management systems?|(fire|intruder|security)( alarm| detection| suppression)? systems?|(sprinkler|heating|ventilation|drainage|door entry|access control|nurse call|warden call|public address|hearing loop|cctv|water|lighting|signalling|racking|roofing|solar( pv)?|sewage|pumping|barrier|alarm|cooling|air conditioning|fall arrest|lightning protection|photovoltaic|pv|hot water|heat pump|ground source|thermodynamic|energy|heat|leachate|irrigation|playground|seating|flooring|cladding|scaffold(ing)?|shelving|storage|filing)( \(\w+\))? systems?)(?!\w)/gi;

/**
 * Words in a title that say the contract is not IT: works, goods and services councils buy that
 * no IT contract is titled by. Used only when the title has no IT words; they outweigh a lone
 * CPV code, which councils pick loosely ("project management consultancy" for a building).
 */
export const NOT_IT_WORDS = new RegExp(
  '\\b(' +
    [
      // works and buildings
      'construction', 'refurbish\\w*', 'demolition', 'roof(ing|line|s)?', 'pvc-?u', 'upvc', 'windows?( (and|&) doors| replacement)?(?! ?(10|11|7|server|licen|os\\b))', 'glazing', 'doors?', 'kitchens?', 'bathrooms?', 'flooring', 'carpets?',
      'painting', 'decorat\\w+', 'plumbing', 'electrical (works|installation|testing|maintenance)', 'heating', 'boilers?', 'gas (servicing|supply|safety|maintenance)', 'heat pumps?',
      'insulation', 'solar (panels|pv)', 'lifts?( maintenance| refurbishment| replacement)?', 'fire (alarms?|doors?|risk|safety|stopping)', 'asbestos', 'legionella', 'water hygiene',
      'drainage', 'sewers?', 'gull(y|ies)', 'highways? (maintenance|works|resurfacing|improvements?|schemes?)', 'resurfacing', 'surfacing', 'carriageway', 'footways?', 'street lighting',
      'winter (gritting|maintenance)', 'gritting', 'bridges?', 'civil engineering', 'structural', 'architect\\w*', 'quantity survey\\w*', 'surveyors?', 'stock condition',
      "employer'?s'? agent", 'design (and|&) (build|construct\\w*)', 'building works', 'minor works', 'capital works', 'maintenance works', 'repairs (and|&) maintenance',
      'planned maintenance', 'responsive repairs', 'voids?', 'facilities management', 'building management', 'cleaning', 'janitorial', 'hygiene services',
      // grounds, waste and environment
      'grounds maintenance', 'landscap\\w+', 'trees?', 'arboricultur\\w+', 'grass cutting', 'playgrounds?', 'play areas?', 'allotments', 'cemeter(y|ies)', 'crematori(um|a)', 'cremators?',
      'burials?', 'funerals?', 'waste (collection|disposal|management services|transfer|treatment)', 'refuse collection', 'recycling (services|collection|centres?)', 'litter', 'street (cleansing|cleaning)',
      'fly[- ]?tip\\w*', 'disposal', 'recycling', 'skips?', 'wheeled bins', 'bins', 'compost\\w*', 'leachate', 'landfill', 'weee', 'pest control', 'dog warden', 'kennel\\w*', 'flood\\w*', 'coastal', 'sea defences?',
      // food, goods and supplies
      'catering', 'meals?', 'food', 'meat', 'fish', 'bread', 'milk', 'dairy', 'fruit', 'vegetables', 'groceries', 'beverages', 'vending', 'laundry', 'uniforms?', 'clothing', 'workwear',
      'ppe', 'footwear', 'furniture', 'stationery', 'printing', 'print services', 'design (and|&) print', 'newspapers?', 'leaflets?', 'postal', 'franking', 'courier', 'salt',
      // vehicles, transport and fuel
      'vehicles?', 'fleet (vehicles|hire|purchase)', 'cars?', 'vans?', 'lorr(y|ies)', 'hgvs?', 'minibus(es)?', 'buses', 'coaches', 'coach hire', 'taxis?', 'transport services', 'passenger transport',
      'home to school', 'school transport', 'fuel', 'diesel', 'electricity', 'energy (supply|efficiency|audits?)', 'gas', 'utilities', 'tyres?', 'sweepers?', 'gritters?', 'ev charging',
      'charge ?points?', 'electric vehicle', 'metering', '(smart|utility|water|gas|electricity) meters?', 'meter (reading|readers?|data|installation|operators?)',
      // care and people
      'care homes?', 'residential care', 'nursing', 'home ?care', 'domiciliary', 'supported (living|accommodation|housing)', 'day (care|services|centres?|opportunities)', 'respite', 'fostering',
      'adoption', 'advocacy', 'counselling', 'mental health', 'substance misuse', 'drugs? (and|&) alcohol', 'sexual health', 'health visiting', 'school nursing', 'carers', 'befriending',
      'temporary accommodation', 'bed (and|&) breakfast', 'hostels?', 'care (and|&) support', 'care services', 'reablement', 'extra care', 'short breaks', 'therapeutic', 'placements?',
      // professional and other services
      'legal services', 'solicitors', 'barristers', 'insurance', 'brokerage', 'banking services', 'internal audit', 'external audit', 'actuarial', 'bailiffs?', 'enforcement agents?',
      'debt collection', 'security (guarding|services|officers)', 'guarding', 'interpret\\w+', 'translation', 'apprentice\\w*', 'agency (staff|workers)', 'temporary staff',
      'recruitment (agency|services|advertising)', 'valuations?', 'events?', 'festivals?', 'fireworks', 'museums?', 'theatres?', 'leisure', 'sports?', 'swimming', 'gym', 'fitness',
      'library (books|stock)', 'books', 'horticultur\\w+', 'planting', 'christmas lights', 'illuminations', 'public conveniences', 'toilets', 'road markings', 'traffic signals',
      'parking enforcement services', 'car parks?', 'marketing campaign', 'creative design', 'advertising', 'audio[- ]?visual',
    ].join('|') +
    ')\\b',
  'i',
);

/** A match of a rule in a text: where, what it matched, and the IT noun or evidence that let it count. */
export interface RuleMatch {
  label: string;
  index: number;
  text: string;
  needs: RuleNeeds;
}

/** Text as rules read it: HTML entities undone, non-IT "systems" blanked. */
export function forRules(text: string): string {
  const decoded = decodeBasicEntities(text);
  return /system|dps|bms|fps/i.test(decoded) ? decoded.replace(NOT_IT_SYSTEMS, (m) => ' '.repeat(m.length)) : decoded;
}

function decodeBasicEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&amp;/gi, '&').replace(/&#0?39;|&apos;|&#x27;/gi, "'").replace(/&quot;/gi, '"');
}

/** The first IT noun in a text, if any. */
export function itNoun(text: string): string | null {
  IT_NOUN.lastIndex = 0;
  return IT_NOUN.exec(text)?.[0] ?? null;
}

/** An IT noun close enough to a match to count for it ("Payroll system"), or IT words there ("data analytics"). */
export function itNounNear(text: string, m: RuleMatch): string | null {
  // Widened to whole words, so "ecosystem" cut short is not "system".
  let from = Math.max(0, m.index - NOUN_BEFORE);
  while (from > 0 && /\w/.test(text[from - 1])) from--;
  let to = Math.min(text.length, m.index + m.text.length + NOUN_AFTER);
  while (to < text.length && /\w/.test(text[to])) to++;
  const window = text.slice(from, to);
  IT_NOUN.lastIndex = 0;
  for (let n = IT_NOUN.exec(window); n; n = IT_NOUN.exec(window)) {
    const at = from + n.index;
    if (at + n[0].length <= m.index || at >= m.index + m.text.length) return n[0];
  }
  return otherIctWords(window);
}

/** Words in a text that say IT but no category ("software", "IT support", "ICT"). */
export function otherIctWords(text: string): string | null {
  const words = OTHER_ICT_WORDS.exec(text)?.[0];
  if (words) return words;
  const acronym = IT_ACRONYM.exec(text)?.[0];
  return acronym && CAPITALS.test(acronym) ? acronym : null;
}

/** All rules in one expression, so a text is scanned once; the group that matched names the rule. */
const ANY_RULE = new RegExp(`\\b(?:${CATEGORY_RULES.map((r, i) => `(?<r${i}>${r.pattern.source.replace(/^\\b/, '')})`).join('|')})`, 'g');
/** Each rule anchored where the scan stopped, to find the other rules matching at the same place. */
const AT = CATEGORY_RULES.map((r) => new RegExp(r.pattern.source, 'y'));

/**
 * The rules' matches in a text, earliest first; at the same place, in the order the rules are
 * listed. Lazy: most titles are decided by their first match.
 */
export function* ruleMatches(text: string): Generator<RuleMatch> {
  // Matched in lower case (the rules are written so): far faster than case-insensitive matching.
  const lower = text.toLowerCase();
  // Lower-casing rarely changes a string's length (a dotted capital I does); quote the lower case then.
  const source = lower.length === text.length ? text : lower;
  ANY_RULE.lastIndex = 0;
  for (let m = ANY_RULE.exec(lower); m; m = ANY_RULE.exec(lower)) {
    const at = m.index;
    const first = CATEGORY_RULES.findIndex((_, i) => m!.groups![`r${i}`] !== undefined);
    yield { label: CATEGORY_RULES[first].label, index: at, text: source.slice(at, at + m[0].length), needs: CATEGORY_RULES[first].needs };
    for (let i = first + 1; i < CATEGORY_RULES.length; i++) {
      AT[i].lastIndex = at;
      const other = AT[i].exec(lower);
      if (other) yield { label: CATEGORY_RULES[i].label, index: at, text: source.slice(at, at + other[0].length), needs: CATEGORY_RULES[i].needs };
    }
    ANY_RULE.lastIndex = at + 1;
  }
}

/** Words in a title that say it is not IT. */
export function notItWords(text: string): string | null {
  return NOT_IT_WORDS.exec(text)?.[0] ?? null;
}
