import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SignInRequired, WebAuthService } from './web-auth.service';

/**
 * For page routes that take a file: the session is checked before the body is read (guards run
 * before the upload interceptor), so a caller who is not signed in never has 50 MB held in memory
 * on their behalf; they are sent to sign in.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly auth: WebAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!(await this.auth.current(context.switchToHttp().getRequest<Request>()))) throw new SignInRequired();
    return true;
  }
}
