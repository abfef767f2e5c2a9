import { Injectable, Logger } from '@nestjs/common';
import { ImportRunner, OpportunityAnalysis, SupplierRefresh } from '@app/persistence';
import { RegisterError } from '@app/ingest';
import { JobName, JobPayloads, PermanentJobError } from './job-names';

/** One place that knows what each job does; the BullMQ worker and the in-process queue both call it. */
@Injectable()
export class JobDispatcher {
  private readonly log = new Logger('JobDispatcher');

  /** Set by the queue in use: how a job asks for another (the analysis after an import). */
  private followUp: (<M extends JobName>(name: M, data: JobPayloads[M]) => Promise<void>) | null = null;

  constructor(private readonly runner: ImportRunner, private readonly suppliers: SupplierRefresh, private readonly analysis: OpportunityAnalysis) {}

  onFollowUp(enqueue: <M extends JobName>(name: M, data: JobPayloads[M]) => Promise<void>): void {
    this.followUp = enqueue;
  }

  async dispatch<N extends JobName>(name: N, data: JobPayloads[N]): Promise<{ status: string; [k: string]: unknown }> {
    switch (name) {
      case 'analysis': {
        const { trigger, today } = data as JobPayloads['analysis'];
        const summary = await this.analysis.run(trigger, today);
        this.log.log({ msg: 'opportunity analysis finished', trigger, ...summary });
        return { status: 'completed', ...summary };
      }
      case 'import':
        try {
          const { importId } = data as JobPayloads['import'];
          const record = await this.runner.run(importId);
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
