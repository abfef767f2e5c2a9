import { DataSource } from 'typeorm';
import { CouncilDirectory, CouncilRecord } from '@app/ingest';
import { CouncilEntity } from '../entities/council.entity';

export class CouncilsRepository {
  private cached: CouncilDirectory | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<CouncilRecord[]> {
    const rows = await this.dataSource.getRepository(CouncilEntity).find({ order: { code: 'ASC' } });
    return rows.map((r) => ({
      code: r.code, name: r.name, shortName: r.shortName, nation: r.nation, aliases: JSON.parse(r.aliases) as string[],
      ...(r.endDate ? { endDate: r.endDate, successors: r.successors ? r.successors.split(' ') : [] } : {}),
    }));
  }

  /** Councils change only when the reference data is re-seeded, so the directory is built once. */
  async directory(): Promise<CouncilDirectory> {
    if (!this.cached) this.cached = new CouncilDirectory(await this.all());
    return this.cached;
  }
}
