import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, CouncilsRepository, Role, tokenExpiry, TokensRepository, tokenView } from '@app/persistence';
import { Principal } from '../auth/principal';
import { DomainError } from '../errors/error-codes';

/** API tokens: made, listed and revoked by admins (pages, API and CLI alike); the secret is shown once. */
@Injectable()
export class TokensService {
  constructor(private readonly tokens: TokensRepository, private readonly councils: CouncilsRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  private assertAdmin(principal: Principal): void {
    if (principal.role !== 'admin') throw new ForbiddenException('only an admin manages API tokens');
  }

  async list(principal: Principal) {
    this.assertAdmin(principal);
    const now = this.clock();
    return (await this.tokens.list()).map((t) => tokenView(t, now));
  }

  async create(principal: Principal, body: { role: Role; council?: string; name: string; days?: number }) {
    this.assertAdmin(principal);
    let council: string | null = null;
    if (body.role === 'council') {
      if (!body.council) throw new DomainError('COUNCIL_REQUIRED', 'a council token needs the council it is for', { field: 'council' });
      const match = (await this.councils.directory()).resolve(body.council);
      if (match.kind !== 'found') throw new DomainError('COUNCIL_UNKNOWN', `council "${body.council}" is not a single council the register knows`, { value: body.council });
      council = match.code;
    } else if (body.council) throw new DomainError('VALIDATION', `council applies to council tokens only; ${body.role} tokens see every council`, { field: 'council' });
    const now = this.clock();
    const { token, entity } = await this.tokens.create(body.role, council, body.name.trim(), now, tokenExpiry(now, body.days));
    return { ...tokenView(entity, now), token };
  }

  async revoke(principal: Principal, id: string) {
    this.assertAdmin(principal);
    if (!(await this.tokens.revoke(id, this.clock()))) throw new DomainError('NOT_FOUND', `no token ${id} that is not revoked already`, { value: id });
    return { id, revoked: true };
  }
}
