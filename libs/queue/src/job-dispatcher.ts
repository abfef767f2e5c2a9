import { Injectable, Logger } from '@nestjs/common';
import { ImportRunner, ImportEntity, SupplierRefresh } from '@app/persistence';
import { RegisterError } from '@app/ingest';
import { JobName, JobPayloads, PermanentJobError } from './job-names';

/** One place that knows what each job does; the BullMQ worker and the in-process queue both call it. */
@Injectable()
export class JobDispatcher {
  private readonly log = new Logger('JobDispatcher');

  constructor(private readonly runner: ImportRunner, private readonly suppliers: SupplierRefresh) {}

  async dispatch<N extends JobName>(name: N, data: JobPayloads[N]): Promise<ImportEntity> {
    switch (name) {
      case 'import':
        try {
          const record = await this.runner.run(data.importId);
          if (record.status === 'completed') await this.refreshSuppliers(data.importId);
          return record;
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
