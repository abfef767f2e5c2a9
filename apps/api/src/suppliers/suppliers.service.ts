import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, pageLimit, SuppliersRepository, SupplierView } from '@app/persistence';
import { SupplierRefresh } from '@app/analysis';
import { ContractsService } from '../contracts/contracts.service';
import { companyNumber } from '@app/suppliers';
import { DomainError } from '../errors/error-codes';
import { Principal } from '../auth/principal';
import { SupplierPageQueryDto, SupplierPairDto, SupplierRelationshipDto, SupplierRenameDto, SupplierSplitDto, SuppliersQueryDto } from './dto/supplier-decision.dto';
import { pageLinks, readPage } from '../paging';

/** Analysts and admins decide about suppliers; council users read their own. */
function assertAnalyst(principal: Principal): void {
  if (principal.role === 'council') throw new ForbiddenException('supplier decisions are made by analysts and admins');
}

@Injectable()
export class SuppliersService {
  constructor(
    private readonly suppliers: SuppliersRepository,
    private readonly refresh: SupplierRefresh,
    private readonly contracts: ContractsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Canonical suppliers by name, a page at a time. */
  async list(principal: Principal, query: SuppliersQueryDto) {
    const scope = await this.contracts.scopeFor(principal, query.council);
    const limit = pageLimit(query.limit);
    const page = await readPage(() => this.suppliers.page(scope, { name: query.name }, { limit, cursor: query.cursor }));
    return { items: page.items, ...pageLinks('/api/suppliers', query, limit, page) };
  }

  /** The review queue, most money affected first, a page at a time; `total` is the whole queue's length. */
  async suggestions(principal: Principal, query: SupplierPageQueryDto = {}) {
    assertAnalyst(principal);
    const limit = pageLimit(query.limit);
    const page = await readPage(() => this.suppliers.suggestionsPage({ limit, cursor: query.cursor }));
    return { items: page.items, ...pageLinks('/api/suppliers/suggestions', query, limit, page) };
  }

  /** The review ledger, oldest first, a page at a time. */
  async decisions(principal: Principal, query: SupplierPageQueryDto = {}) {
    assertAnalyst(principal);
    const limit = pageLimit(query.limit);
    const page = await readPage(() => this.suppliers.decisionsPage({ limit, cursor: query.cursor }));
    return { items: page.items, ...pageLinks('/api/suppliers/decisions', query, limit, page) };
  }

  private async supplier(id: number): Promise<SupplierView> {
    const s = await this.suppliers.findById(id);
    if (!s) throw new DomainError('NOT_FOUND', `no supplier with id ${id}`, { value: id });
    return s;
  }

  /** A name standing for one side of a pair: given as written, or the most telling name of a supplier. */
  private async side(id: number | undefined, name: string | undefined, label: string): Promise<string> {
    if (name) {
      const known = await this.suppliers.forNames([name]);
      if (!known.has(name)) throw new DomainError('NOT_FOUND', `no register uses the supplier name "${name}"`, { field: label, value: name });
      return name;
    }
    if (id === undefined) throw new DomainError('VALIDATION', `give ${label === 'a' ? 'supplierA or nameA' : 'supplierB or nameB'}`, { field: label });
    const s = await this.supplier(id);
    return s.variants.find((v) => v.rule === 'same-key')?.name ?? s.variants[0].name;
  }

  private async record(principal: Principal, d: { kind: 'merge' | 'never-merge' | 'split' | 'rename'; nameA: string; nameB?: string | null; names?: string[]; newName?: string | null; reason: string }) {
    await this.suppliers.addDecision({
      kind: d.kind, nameA: d.nameA, nameB: d.nameB ?? null, names: d.names ?? [], newName: d.newName ?? null, reason: d.reason.trim(),
      decidedBy: principal.name, decidedAt: this.clock(),
    });
    await this.refresh.run();
  }

  async merge(principal: Principal, body: SupplierPairDto) {
    assertAnalyst(principal);
    const a = await this.side(body.supplierA, body.nameA, 'a');
    const b = await this.side(body.supplierB, body.nameB, 'b');
    if (a === b) throw new DomainError('VALIDATION', 'a supplier cannot be merged with itself');
    await this.record(principal, { kind: 'merge', nameA: a, nameB: b, reason: body.reason });
    return this.holding(a);
  }

  async neverMerge(principal: Principal, body: SupplierPairDto) {
    assertAnalyst(principal);
    const a = await this.side(body.supplierA, body.nameA, 'a');
    const b = await this.side(body.supplierB, body.nameB, 'b');
    if (a === b) throw new DomainError('VALIDATION', 'give two different names or suppliers');
    await this.record(principal, { kind: 'never-merge', nameA: a, nameB: b, reason: body.reason });
    return { a: await this.holding(a), b: await this.holding(b) };
  }

  async split(principal: Principal, body: SupplierSplitDto) {
    assertAnalyst(principal);
    const s = await this.supplier(body.supplierId);
    const all = s.variants.map((v) => v.name);
    const out = body.names.filter((n) => all.includes(n));
    const missing = body.names.filter((n) => !all.includes(n));
    if (missing.length > 0) throw new DomainError('VALIDATION', `not names of supplier ${s.id}: ${missing.join(', ')}`, { value: missing });
    const stay = all.filter((n) => !out.includes(n));
    if (stay.length === 0) throw new DomainError('VALIDATION', 'a split must leave at least one name with the supplier');
    // Each name taken out is kept apart from every name that stays; the names taken out stay together.
    for (const name of out) {
      await this.suppliers.addDecision({ kind: 'split', nameA: name, nameB: null, names: stay, newName: null, reason: body.reason.trim(), decidedBy: principal.name, decidedAt: this.clock() });
    }
    for (let i = 1; i < out.length; i++) {
      await this.suppliers.addDecision({ kind: 'merge', nameA: out[0], nameB: out[i], names: [], newName: null, reason: `kept together when split from supplier ${s.id}: ${body.reason.trim()}`, decidedBy: principal.name, decidedAt: this.clock() });
    }
    await this.refresh.run();
    return { from: await this.holding(stay[0]), split: await this.holding(out[0]) };
  }

  async rename(principal: Principal, id: number, body: SupplierRenameDto) {
    assertAnalyst(principal);
    const s = await this.supplier(id);
    const anchor = s.variants.find((v) => v.rule === 'same-key')?.name ?? s.variants[0].name;
    await this.record(principal, { kind: 'rename', nameA: anchor, newName: body.name.trim(), reason: body.reason });
    return this.holding(anchor);
  }

  async relationships(principal: Principal) {
    assertAnalyst(principal);
    return this.suppliers.relationships();
  }

  async addRelationship(principal: Principal, body: SupplierRelationshipDto) {
    assertAnalyst(principal);
    if (body.kind !== 'reseller' && !body.target) throw new DomainError('VALIDATION', `a ${body.kind} needs a target name`, { field: 'target' });
    const number = body.companyNumber ? companyNumber(body.companyNumber) : null;
    if (body.companyNumber && !number) throw new DomainError('VALIDATION', `"${body.companyNumber}" is not a Companies House number`, { field: 'companyNumber', value: body.companyNumber });
    await this.suppliers.addRelationship({ kind: body.kind, name: body.name.trim(), target: body.target?.trim() ?? null, companyNumber: number, source: body.source.trim() }, principal.name);
    await this.refresh.run();
    return this.suppliers.relationships();
  }

  /** The supplier that now holds a name as written. */
  private async holding(name: string): Promise<SupplierView | null> {
    const found = (await this.suppliers.forNames([name])).get(name);
    return found ? this.suppliers.findById(found.id) : null;
  }
}
