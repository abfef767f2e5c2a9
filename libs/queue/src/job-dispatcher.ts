import { Injectable } from '@nestjs/common';
import { ImportRunner, ImportEntity } from '@app/persistence';
import { RegisterError } from '@app/ingest';
import { JobName, JobPayloads, PermanentJobError } from './job-names';

/** One place that knows what each job does; the BullMQ worker and the in-process queue both call it. */
@Injectable()
export class JobDispatcher {
  constructor(private readonly runner: ImportRunner) {}

  async dispatch<N extends JobName>(name: N, data: JobPayloads[N]): Promise<ImportEntity> {
    switch (name) {
      case 'import':
        try {
          return await this.runner.run(data.importId);
        } catch (e) {
          if (e instanceof RegisterError && e.code === 'IMPORT_NOT_FOUND') throw new PermanentJobError(e.message);
          throw e;
        }
      default:
        throw new PermanentJobError(`unknown job ${String(name)}`);
    }
  }
}
