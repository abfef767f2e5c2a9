import { DataSource } from 'typeorm';
import { ColumnMapping } from '@app/ingest';
import { ColumnMappingEntity } from '../entities/column-mapping.entity';
import { WriteGate } from '../write-gate';

export class MappingsRepository {
  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {}

  async findForCouncil(councilCode: string): Promise<ColumnMapping | null> {
    const row = await this.dataSource.getRepository(ColumnMappingEntity).findOne({ where: { councilCode } });
    return row ? (JSON.parse(row.mapping) as ColumnMapping) : null;
  }

  async saveForCouncil(councilCode: string, mapping: ColumnMapping, now: string): Promise<void> {
    await this.gate.run(() => this.dataSource.getRepository(ColumnMappingEntity).save({ councilCode, mapping: JSON.stringify(mapping), updatedAt: now }));
  }
}
