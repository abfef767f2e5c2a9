import { Inject, Injectable } from '@nestjs/common';
import { AssetRegister } from '@app/analysis';
import { AssetsRepository, CLOCK, Clock, CouncilsRepository } from '@app/persistence';
import { assertMayWriteFor, Principal } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { queryDate } from '../dates';
import { DomainError } from '../errors/error-codes';
import { AssetEditDto, AssetsQueryDto } from './dto/assets.dto';

@Injectable()
export class AssetsService {
  constructor(
    private readonly register: AssetRegister,
    private readonly assets: AssetsRepository,
    private readonly councils: CouncilsRepository,
    private readonly contracts: ContractsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: Principal, query: AssetsQueryDto) {
    return this.register.list(await this.contracts.scopeFor(principal, query.council));
  }

  private async councilCode(given: string | undefined, principal: Principal): Promise<string | null> {
    if (!given) return principal.role === 'council' ? principal.councilCode : null;
    const match = (await this.councils.directory()).resolve(given);
    if (match.kind !== 'found') throw new DomainError('COUNCIL_UNKNOWN', `council "${given}" is not a GSS code or council name the register knows`, { value: given });
    return match.code;
  }

  async upload(principal: Principal, file: Express.Multer.File | undefined, council: string | undefined) {
    if (!file) throw new DomainError('FILE_REQUIRED', 'send the application list as a multipart form field named "file"');
    const code = await this.councilCode(council, principal);
    // Admins may upload a list whose rows name their councils; everyone else writes for one council.
    if (code !== null || principal.role !== 'admin') assertMayWriteFor(principal, code);
    return this.register.importApplicationList({ name: file.originalname, async *open() { yield file.buffer; } }, code, principal.name);
  }

  async edit(principal: Principal, body: AssetEditDto) {
    const code = await this.councilCode(body.council, principal);
    assertMayWriteFor(principal, code);
    await this.assets.edit(code!, body.system.trim(), {
      product: body.product, supplier: body.supplier, serviceArea: body.serviceArea, hosting: body.hosting,
      endOfSupport: body.endOfSupport === undefined ? undefined : queryDate('endOfSupport', body.endOfSupport) ?? null, notes: body.notes,
    }, principal.name, this.clock());
    const all = await this.register.list({ kind: 'council', code: code! });
    return all.find((a) => a.system.toLowerCase() === body.system.trim().toLowerCase());
  }
}
