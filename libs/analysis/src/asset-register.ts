import { ApplicationList, readApplicationList, RegisterSource } from '@app/ingest';
import { CouncilScope, ContractReadModel, Clock, ContractsRepository, CouncilsRepository, assembleAssets, AssetsRepository, AssetView } from '@app/persistence';

export interface ApplicationListReport {
  file: string;
  rows: number;
  stored: number;
  rejected: number;
  issues: ApplicationList['issues'];
  columns: ApplicationList['columns'];
}

/** The technical asset register: what each council runs, from contracts, application lists and edits. */
export class AssetRegister {
  constructor(
    private readonly assets: AssetsRepository,
    private readonly contracts: ContractsRepository,
    private readonly readModel: ContractReadModel,
    private readonly councils: CouncilsRepository,
    private readonly clock: Clock,
  ) {}

  async list(scope: CouncilScope): Promise<AssetView[]> {
    // One pass over the scope's current contracts, a page at a time, keeping those with a product.
    const withProduct = [];
    for (let after = 0; ;) {
      const page = await this.contracts.findCurrentAfter(scope, after, 5000);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      for (const c of await this.readModel.present(page)) if (c.product) withProduct.push(c);
    }
    return assembleAssets(withProduct, await this.assets.stored(scope));
  }

  /**
   * Reads an application list and stores its good rows in one transaction; every bad row is
   * reported with its row, column and value. `council` is the one council the uploader may
   * write for (null: rows name their councils, for admins).
   */
  async importApplicationList(source: RegisterSource, council: string | null, by: string): Promise<ApplicationListReport> {
    const list = await readApplicationList(source, { councils: await this.councils.directory(), council });
    await this.assets.saveApplicationList(list.rows, source.name, by, this.clock());
    return { file: source.name, rows: list.total, stored: list.rows.length, rejected: list.total - list.rows.length, issues: list.issues, columns: list.columns };
  }
}
