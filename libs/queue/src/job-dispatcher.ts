import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '@app/persistence';
import { ImportRunner, parseImportMode } from '@app/importing';
import { OpportunityAnalysis, PartJob, PartSpreader, RegisterChangedError, SupplierRefresh } from '@app/analysis';
import { RegisterError } from '@app/ingest';
import { AlertRun, DeliveriesToRetryError } from '@app/notifications';
import { JobName, JobPayloads, PermanentJobError } from './job-names';

const PROGRESS_LOG_MS = 10_000;

/** One place that knows what each job does; the BullMQ worker and the in-process queue both call it. */
@Injectable()
export class JobDispatcher {
  private readonly log = new Logger('JobDispatcher');

  /** Set by the queue in use: how a job asks for another (the analysis after an import). */
  private followUp: (<M extends JobName>(name: M, data: JobPayloads[M]) => Promise<void>) | null = null;

  constructor(
    private readonly runner: ImportRunner,
    private readonly suppliers: SupplierRefresh,
    private readonly analysis: OpportunityAnalysis,
    private readonly alerts: AlertRun,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Set by a BullMQ worker asked to spread the analysis (ANALYSIS_WORKER_PARTS): how a run's parts become jobs. */
  private spreader: PartSpreader | null = null;

  onFollowUp(enqueue: <M extends JobName>(name: M, data: JobPayloads[M]) => Promise<void>): void {
    this.followUp = enqueue;
  }

  onSpread(spreader: PartSpreader): void {
    this.spreader = spreader;
  }

  async dispatch<N extends JobName>(name: N, data: JobPayloads[N]): Promise<{ status: string; [k: string]: unknown }> {
    switch (name) {
      case 'analysis': {
        const { trigger, today } = data as JobPayloads['analysis'];
        const log = this.progressLog('analysis progress', { trigger });
        const summary = await this.analysis.run(trigger, today, (stage, done, total) => log({ stage, done, total }, stage), false, this.spreader ?? undefined);
        this.log.log({ msg: 'opportunity analysis finished', trigger, ...summary });
        return { status: 'completed', ...summary };
      }
      case 'analysis-part': {
        const job = data as PartJob;
        const log = this.progressLog('analysis part progress', { token: job.token, part: job.part });
        try {
          const done = await this.analysis.runPart(job, (stage, n, total) => log({ stage, done: n, total }, stage));
          this.log.log({ msg: 'analysis part staged', token: job.token, part: job.part, contracts: done.contracts, pid: process.pid });
          return { status: 'completed', ...done };
        } catch (e) {
          // Read again it would still differ: the run fails, and the next analysis reads the register as it is.
          if (e instanceof RegisterChangedError) throw new PermanentJobError(e.message);
          throw e;
        }
      }
      case 'alerts-daily': {
        // Fans out: each council's run is its own job, retried on its own.
        const today = (data as JobPayloads['alerts-daily']).today ?? this.clock().slice(0, 10);
        const councils = await this.alerts.councilsToVisit();
        if (!this.followUp) throw new PermanentJobError('no queue to fan the alert run out on');
        for (const council of councils) await this.followUp('alerts-council', { council, today });
        this.log.log({ msg: 'daily alert run queued', today, councils: councils.length });
        return { status: 'completed', today, councils: councils.length };
      }
      case 'alerts-council': {
        const { council, today } = data as JobPayloads['alerts-council'];
        const summary = await this.alerts.runCouncil(council, today);
        // Failed deliveries stay recorded; failing the job makes the queue retry it with backoff.
        if (summary.retrying > 0 || summary.inFlight > 0) {
          throw new DeliveriesToRetryError(`${summary.retrying} alert deliveries for ${council} failed and ${summary.inFlight} are claimed by another worker; the run will be retried`);
        }
        return { status: 'completed', ...summary };
      }
      case 'import':
        try {
          const { importId, mode } = data as JobPayloads['import'];
          if (mode !== undefined && mode !== null && !parseImportMode(mode)) throw new PermanentJobError(`import ${importId}: mode must be "full" or "update", not ${JSON.stringify(mode)}`);
          const log = this.progressLog('import progress', { importId });
          const record = await this.runner.run(importId, { mode, onProgress: (rows) => log({ rows }) });
          if (record.status === 'completed') {
            await this.refreshSuppliers(importId);
            await this.followUp?.('analysis', { trigger: `import ${importId}` });
          }
          return { ...record, status: record.status };
        } catch (e) {
          if (e instanceof RegisterError && e.code === 'IMPORT_NOT_FOUND') throw new PermanentJobError(e.message);
          throw e;
        }
      default:
        throw new PermanentJobError(`unknown job ${String(name)}`);
    }
  }

  /**
   * A progress logger: a line at the first call (an import is then mid-transaction) and at each new
   * stage (the analysis's load, compute, rank, store…), then at most one every PROGRESS_LOG_MS.
   */
  private progressLog(msg: string, about: Record<string, unknown>): (fields: Record<string, unknown>, stage?: string) => void {
    let last = 0;
    let lastStage: string | undefined;
    return (fields, stage) => {
      const now = Date.now();
      if (stage === lastStage && now - last < PROGRESS_LOG_MS) return;
      last = now;
      lastStage = stage;
      this.log.log({ msg, ...about, ...fields });
    };
  }

  /** New names join canonical suppliers at once; a failure here leaves the import stored and is logged. */
  private async refreshSuppliers(importId: string): Promise<void> {
    try {
      const r = await this.suppliers.run();
      this.log.log({ importId, ...r }, 'suppliers re-clustered after import');
    } catch (e) {
      this.log.error({ importId, err: e }, 'supplier re-clustering failed; the next import or decision will redo it');
    }
  }
}
