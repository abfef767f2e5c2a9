import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { DatabaseConfig } from '@app/config';
import { RegisterSource } from '@app/ingest';
import { ContractsRepository, CouncilsRepository, ImportsRepository, MappingsRepository, TokensRepository, WriteGate, ImportMode, openDatabase, readCatalogue, readCouncilReference, seedCouncils, SuppliersRepository, readSupplierRelationships, ClassificationRepository, ContractReadModel, OpportunitiesRepository, FindingsStore, AnalysisReader, AnalysisInputs, AlertsRepository } from '@app/persistence';
import { ImportIntake, ImportRunner, sha256 } from '@app/importing';
import { SupplierRefresh, OpportunityAnalysis, DEFAULT_CUT_RULES, ContractClassificationStore } from '@app/analysis';
import { AlertRun, AlertRunOptions, EmailSender, HttpWebhookSender, SmtpEmailSender, WebhookSender } from '@app/notifications';
import { JobDispatcher } from '@app/queue';
import { DATA_DIR, TestDatabase } from './databases';

/** The persistence layer wired by hand, on a real database, without Nest. */
export interface Stack {
  dataSource: DataSource;
  /** The one writer at a time every repository shares (SQLite admits one). */
  gate: WriteGate;
  imports: ImportsRepository;
  contracts: ContractsRepository;
  councils: CouncilsRepository;
  mappings: MappingsRepository;
  tokens: TokensRepository;
  intake: ImportIntake;
  runner: ImportRunner;
  suppliers: SuppliersRepository;
  refresh: SupplierRefresh;
  readModel: ContractReadModel;
  opportunities: OpportunitiesRepository;
  /** Where analysis runs store their findings. */
  findings: FindingsStore;
  analysis: OpportunityAnalysis;
  alerts: AlertsRepository;
  /** Keeps classification, supplier and sort dates stored with each contract (lists page on them). */
  classification: ContractClassificationStore;
  /** The alert run on this stack; e-mail to `smtpUrl` (none: e-mail fails), webhooks over HTTP. */
  alertRun(options?: Partial<AlertRunOptions> & { smtpUrl?: string | null; email?: EmailSender; webhook?: WebhookSender; now?: () => Date }): AlertRun;
  /** The job dispatcher the worker and the in-process queue use, on this stack. */
  dispatcher(alertRun?: AlertRun): JobDispatcher;
  close(): Promise<void>;
}

let tick = 0;
/** A clock that moves forward on every call, so "latest" is well defined in tests. */
export const testClock = () => new Date(Date.UTC(2026, 10, 22, 9, 0, 0) + tick++ * 1000).toISOString();

export async function openStack(config: DatabaseConfig): Promise<Stack> {
  const dataSource = await openDatabase(config);
  await seedCouncils(dataSource, readCouncilReference(DATA_DIR));
  const gate = new WriteGate();
  const suppliers = new SuppliersRepository(dataSource, gate);
  const catalogue = readCatalogue(DATA_DIR);
  const readModel = new ContractReadModel(suppliers, new ClassificationRepository(dataSource, gate), new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy));
  const contracts = new ContractsRepository(dataSource);
  const opportunities = new OpportunitiesRepository(dataSource, gate);
  const findings = new FindingsStore(dataSource, gate);
  await suppliers.seedRelationships(readSupplierRelationships(DATA_DIR));
  const imports = new ImportsRepository(dataSource, gate);
  const mappings = new MappingsRepository(dataSource, gate);
  const councils = new CouncilsRepository(dataSource);
  // As the app wires it: the lean reader, and the default thresholds (see libs/config).
  const reader = new AnalysisReader(dataSource, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy));
  const analysis = new OpportunityAnalysis(contracts, readModel, councils, findings, testClock, 12, { reader, rules: DEFAULT_CUT_RULES, inputs: new AnalysisInputs(dataSource) });
  const alerts = new AlertsRepository(dataSource, gate);
  const classification = new ContractClassificationStore(dataSource, readModel, gate, testClock);
  const runner = new ImportRunner(dataSource, config, imports, mappings, councils, gate, testClock, classification);
  const refresh = new SupplierRefresh(suppliers, testClock);
  const alertRun: Stack['alertRun'] = (o = {}) =>
    new AlertRun(alerts, contracts, readModel, councils, opportunities, o.email ?? new SmtpEmailSender(o.smtpUrl ?? null, 'Register <alerts@register.test>'), o.webhook ?? new HttpWebhookSender(2000),
      { publicUrl: o.publicUrl ?? 'https://register.test', maxAttempts: o.maxAttempts ?? 3, claimLeaseMs: o.claimLeaseMs ?? 60_000 }, o.now);
  return {
    dataSource, imports, mappings, councils, gate,
    contracts,
    tokens: new TokensRepository(dataSource, gate),
    intake: new ImportIntake(imports, testClock),
    runner,
    suppliers,
    refresh,
    readModel,
    opportunities,
    findings,
    analysis,
    alerts,
    classification,
    alertRun,
    dispatcher: (run = alertRun()) => new JobDispatcher(runner, refresh, analysis, run, testClock),
    close: () => dataSource.destroy(),
  };
}

export function bytesSource(name: string, content: Buffer | string): RegisterSource {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, async *open() { yield buf; } };
}

/** Uploads bytes the way the API does (stored with the import, with the mode the upload gives) and runs the import. */
export async function importBytes(stack: Stack, name: string, content: Buffer | string, council: string | null = null, mode?: ImportMode) {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const accepted = await stack.intake.accept({ fileName: name, content: buf, sha256: sha256(buf), size: buf.length, councilCode: council, createdBy: null, mode });
  if (accepted.kind === 'unchanged') return { accepted, record: accepted.record };
  return { accepted, record: await stack.runner.run(accepted.record.id) };
}

export function sample(name: string): Buffer {
  return fs.readFileSync(path.join(DATA_DIR, 'registers', name));
}

/**
 * A stack of its own for every test on `db`: opened before each test, closed and its database
 * dropped after. `use` is given each test's stack and configuration.
 */
export function stackForEachTest(db: TestDatabase, use: (stack: Stack, config: DatabaseConfig) => void): void {
  let config: DatabaseConfig;
  let stack: Stack;
  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    use(stack, config);
  });
  afterEach(async () => {
    await stack.close();
    await db.drop(config);
  });
}
