/**
 * Independent evaluation-data generator: messy, realistic Scottish council IT contract registers
 * with known truth (see ./truth for the output contract).
 *
 *   const set = generateEvaluationSet({ seed: 1, today: '2026-11-30' });          // 32 councils
 *   const small = generateEvaluationSet({ seed: 7, today: '2026-11-30', councils: 12 });
 *
 * Deterministic for a seed (own mulberry32 PRNG, no Math.random). Only Node built-ins.
 */
import { Day, MONTH_NAMES, parseIso, toYmd } from './calendar';
import { TEMPLATES } from './contract-templates';
import { makeContract, makeContractFactory, pickTemplate, WorldContract } from './contract-world';
import { TextEncoding } from './file-writer';
import { plantGroups } from './planted-groups';
import { Rng } from './prng';
import { CouncilRef, SCOTTISH_COUNCILS } from './reference-data';
import {
  canShowTaken, DialectChoice, extensionColumn, FileDialect, makeCouncilDialect, makeExtractDialect, renderFile,
} from './register-dialects';
import { randomSpellingStyle, SpellingStyle } from './supplier-world';
import { EvaluationFile, EvaluationSet, PlantedGroup, TruthContract } from './truth';

export interface GenerateOptions {
  seed: number;
  /** YYYY-MM-DD */
  today: string;
  /** How many councils get a full register (6-32, default 32). */
  councils?: number;
}

/** Neighbouring councils that really do buy together; joint contracts are drawn from these. */
const JOINT_PARTNERS: readonly (readonly string[])[] = [
  ['CLK', 'STG'], ['EDU', 'WDU'], ['ORK', 'ZET'], ['ABE', 'ABD'], ['PKN', 'ANS', 'DND'], ['IVC', 'RFW', 'WDU'],
  ['EAY', 'SAY', 'NAY'], ['ELN', 'MLN'], ['HLD', 'MRY'], ['FAL', 'CLK', 'STG'], ['GLG', 'ERW'], ['SCB', 'DGY'], ['FIF', 'DND'],
  ['ELS', 'HLD'], ['WLN', 'EDH'],
];

function deck<T>(rng: Rng, counts: readonly (readonly [T, number])[], n: number): T[] {
  const total = counts.reduce((s, [, c]) => s + c, 0);
  const out: T[] = n >= counts.length ? counts.map(([item]) => item) : [];
  const have = (item: T) => out.filter((x) => x === item).length;
  while (out.length < n) {
    let best = counts[0][0];
    let bestGap = -Infinity;
    for (const [item, c] of counts) {
      const gap = (c * n) / total - have(item);
      if (gap > bestGap) {
        bestGap = gap;
        best = item;
      }
    }
    out.push(best);
  }
  return rng.shuffle(out);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function fileNameFor(rng: Rng, council: CouncilRef, choice: DialectChoice, today: Day): string {
  const { y, m, d } = toYmd(today);
  const s = slug(council.nice);
  if (choice.family === 'cf') {
    return rng.pick([`contracts-finder-export-${s}.csv`, `CF_${council.code3}_awarded_${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}.csv`]);
  }
  if (choice.family === 'ocds') return rng.pick([`${s}-ocds-contracts.csv`, `${council.code3.toLowerCase()}_ocds_flat.csv`]);
  let ext: string;
  if (choice.encoding === 'utf16le-bom') ext = rng.pick(['.txt', '.txt', '.tsv']);
  else if (choice.delimiter === '\t') ext = rng.pick(['.tsv', '.txt']);
  else if (choice.delimiter === ';') ext = rng.pick(['.csv', '.txt']);
  else ext = rng.chance(0.1) ? '.txt' : '.csv';
  const mon = MONTH_NAMES[m - 1].slice(0, 3);
  return rng.pick([
    `${s}-contract-register${ext}`,
    `${council.code3}_ICT_Contracts_${y}${ext}`,
    `Contract Register ${council.nice} ${mon} ${y}${ext}`,
    `${s}_contracts_export${ext}`,
    `${council.nice} - ICT contracts register (v${rng.int(2, 9)})${ext}`,
  ]);
}

function assignChoices(rng: Rng, councils: readonly CouncilRef[]): Map<string, DialectChoice> {
  const n = councils.length;
  const families = deck<DialectChoice['family']>(rng, [['register', 24], ['ocds', 3], ['cf', 3], ['period', 2]], n);
  const plain = families.filter((f) => f === 'register' || f === 'period').length;
  const encodings = deck<TextEncoding>(rng, [['utf8', 11], ['utf8-bom', 8], ['windows-1252', 8], ['utf16le-bom', 5]], plain);
  const delimiters = deck<',' | '\t' | ';'>(rng, [[',', 13], ['\t', 4], [';', 3]], plain);
  const noExtension = new Set(rng.sample([...Array(plain).keys()], n >= 16 ? 2 : 1));
  const out = new Map<string, DialectChoice>();
  let p = 0;
  let mojibakeDone = false;
  councils.forEach((c, i) => {
    const family = families[i];
    if (family === 'ocds') {
      out.set(c.gss, { family, encoding: 'utf8', delimiter: ',', eol: '\n', extensionCapable: true, mojibake: false });
      return;
    }
    if (family === 'cf') {
      out.set(c.gss, { family, encoding: 'utf8', delimiter: ',', eol: '\r\n', extensionCapable: true, mojibake: false });
      return;
    }
    const encoding = encodings[p];
    const delimiter = encoding === 'utf16le-bom' ? '\t' : delimiters[p];
    const eol = encoding === 'utf16le-bom' ? '\r\n' : rng.chance(0.55) ? '\r\n' : '\n';
    const mojibake = !mojibakeDone && encoding === 'utf8' && family === 'register';
    if (mojibake) mojibakeDone = true;
    out.set(c.gss, { family, encoding, delimiter, eol, extensionCapable: !noExtension.has(p), mojibake });
    p++;
  });
  return out;
}

export function generateEvaluationSet(options: GenerateOptions): EvaluationSet {
  const rng = new Rng(options.seed);
  const today = parseIso(options.today);
  const n = options.councils ?? 32;
  if (!Number.isInteger(n) || n < 6 || n > SCOTTISH_COUNCILS.length) throw new Error(`councils must be 6..${SCOTTISH_COUNCILS.length}`);
  const councils = n === SCOTTISH_COUNCILS.length ? SCOTTISH_COUNCILS.slice() : rng.fork('councils').sample(SCOTTISH_COUNCILS, n);
  const byCode3 = new Map(councils.map((c) => [c.code3, c]));

  // each council's dialect and spelling habits
  const choices = assignChoices(rng.fork('choices'), councils);
  const dialects = new Map<string, FileDialect>();
  const spellings = new Map<string, SpellingStyle>();
  const dialectRng = rng.fork('dialects');
  for (const c of councils) {
    dialects.set(c.gss, makeCouncilDialect(dialectRng.fork(c.gss), c, choices.get(c.gss) as DialectChoice, today));
    spellings.set(c.gss, randomSpellingStyle(dialectRng.fork(`spell-${c.gss}`)));
  }
  const dialectOf = (c: CouncilRef) => dialects.get(c.gss) as FileDialect;
  const extCapable = (c: CouncilRef) => extensionColumn(dialectOf(c)) !== undefined;
  const takenCapable = (c: CouncilRef) => canShowTaken(dialectOf(c));
  const factory = makeContractFactory(rng.fork('refs'), councils);

  // planted groups and their noise
  const planting = plantGroups(rng.fork('planted'), { today, councils, extensionCapable: extCapable, canShowTaken: takenCapable, factory });
  const excludedFor = (c: CouncilRef) => planting.excluded.get(c.gss) ?? new Set<string>();

  const perCouncil = new Map<string, WorldContract[]>(councils.map((c) => [c.gss, []]));
  for (const g of planting.groups) for (const c of g.contracts) perCouncil.get(c.council.gss)?.push(c);
  for (const c of planting.noise) perCouncil.get(c.council.gss)?.push(c);

  // one planted member may sit in the collaborative extract instead of its council's register
  const extractRng = rng.fork('extracts');
  const movedToExtract: WorldContract[] = [];
  if (extractRng.chance(0.6)) {
    const g = extractRng.pick(planting.groups);
    const member = extractRng.pick(g.contracts);
    const list = perCouncil.get(member.council.gss) as WorldContract[];
    list.splice(list.indexOf(member), 1);
    movedToExtract.push(member);
  }

  // background contracts
  const bg = rng.fork('background');
  for (const c of councils) {
    const list = perCouncil.get(c.gss) as WorldContract[];
    const target = bg.int(20, 120);
    const crng = bg.fork(c.gss);
    while (list.length < target) {
      list.push(makeContract(crng, {
        council: c, template: pickTemplate(crng, excludedFor(c)), today, extensionCapable: extCapable(c), canShowTaken: takenCapable(c), factory,
      }));
    }
    // an OCDS export names its buyer in every row: one joint contract led by this council
    if (dialectOf(c).family === 'ocds') {
      const partners = jointPartnersFor(crng, c, byCode3);
      if (partners.length > 0) {
        const excluded = new Set([...excludedFor(c), ...partners.flatMap((p) => [...excludedFor(p)])]);
        list.push(makeContract(crng, {
          council: c, partners, template: pickTemplate(crng, excluded), today, extensionCapable: true, canShowTaken: false, factory,
        }));
      }
    }
  }

  // multi-council extracts
  const extracts: { dialect: FileDialect; name: string; contracts: WorldContract[] }[] = [];
  const regDialect = makeExtractDialect(extractRng.fork('register-extract'), 'register', today);
  extracts.push({
    dialect: regDialect,
    name: extractRng.pick(['collaborative-ict-contracts-extract.csv', 'Scottish councils shared ICT contracts extract.csv', 'shared_services_contracts_extract.csv']),
    contracts: [...movedToExtract, ...extractContracts(extractRng.fork('rows-1'), councils, byCode3, today, factory, excludedFor, extractRng.int(30, 50), extractRng.int(2, 4), true)],
  });
  if (extractRng.chance(0.6)) {
    extracts.push({
      dialect: makeExtractDialect(extractRng.fork('cf-extract'), 'cf', today),
      name: 'contracts-finder-scottish-councils-extract.csv',
      contracts: extractContracts(extractRng.fork('rows-2'), councils, byCode3, today, factory, excludedFor, extractRng.int(20, 35), extractRng.int(1, 2), false),
    });
  }

  // render
  const files: EvaluationFile[] = [];
  const contracts: TruthContract[] = [];
  const where = new Map<number, { file: string; line: number }>();
  const ctx = { today, spellingFor: (c: CouncilRef) => spellings.get(c.gss) as SpellingStyle };
  const renderRng = rng.fork('render');
  const usedNames = new Set<string>();
  const emit = (d: FileDialect, name: string, councilCode: string | null, rows: WorldContract[]) => {
    let unique = name;
    for (let k = 2; usedNames.has(unique); k++) unique = name.replace(/(\.[a-z]+)$/, ` (${k})$1`);
    usedNames.add(unique);
    const r = renderFile(renderRng.fork(unique), d, unique, councilCode, rows, ctx);
    files.push(r.file);
    contracts.push(...r.truth);
    r.contractIds.forEach((id, i) => where.set(id, { file: r.truth[i].file, line: r.truth[i].line }));
  };
  const nameRng = rng.fork('names');
  for (const c of councils) {
    emit(dialectOf(c), fileNameFor(nameRng, c, choices.get(c.gss) as DialectChoice, today), c.gss, perCouncil.get(c.gss) as WorldContract[]);
  }
  for (const x of extracts) emit(x.dialect, x.name, null, x.contracts);

  const plantedGroups: PlantedGroup[] = planting.groups.map(({ group, contracts: members }) => ({
    ...group,
    members: members.map((m) => {
      const w = where.get(m.id);
      if (!w) throw new Error(`planted member ${m.id} was not rendered`);
      return w;
    }),
  }));

  return { today: options.today, seed: options.seed, files, contracts, plantedGroups };
}

function jointPartnersFor(rng: Rng, lead: CouncilRef, byCode3: Map<string, CouncilRef>): CouncilRef[] {
  const sets = JOINT_PARTNERS.filter((s) => s.includes(lead.code3) && s.every((x) => byCode3.has(x)));
  if (sets.length === 0) return [];
  const set = rng.pick(sets);
  const others = set.filter((x) => x !== lead.code3).map((x) => byCode3.get(x) as CouncilRef);
  return rng.chance(0.7) ? others.slice(0, 1) : others;
}

function extractContracts(
  rng: Rng,
  councils: readonly CouncilRef[],
  byCode3: Map<string, CouncilRef>,
  today: Day,
  factory: ReturnType<typeof makeContractFactory>,
  excludedFor: (c: CouncilRef) => Set<string>,
  count: number,
  joint: number,
  genericExtension: boolean,
): WorldContract[] {
  const out: WorldContract[] = [];
  const itOnly = new Set(TEMPLATES.filter((t) => t.category === 'Not IT').map((t) => t.category));
  for (let i = 0; i < joint; i++) {
    const sets = JOINT_PARTNERS.filter((s) => s.every((x) => byCode3.has(x)));
    if (sets.length === 0) break;
    const set = rng.pick(sets).map((x) => byCode3.get(x) as CouncilRef);
    const ordered = rng.chance(0.5) ? set : rng.shuffle(set);
    const members = rng.chance(0.6) ? ordered.slice(0, 2) : ordered;
    const excluded = new Set([...itOnly, ...members.flatMap((m) => [...excludedFor(m)])]);
    out.push(makeContract(rng, {
      council: members[0], partners: members.slice(1), template: pickTemplate(rng, excluded), today,
      extensionCapable: true, canShowTaken: genericExtension, factory,
    }));
  }
  while (out.length < count) {
    const c = rng.pick(councils);
    out.push(makeContract(rng, {
      council: c, template: pickTemplate(rng, excludedFor(c)), today, extensionCapable: true, canShowTaken: genericExtension, factory,
    }));
  }
  return out;
}
