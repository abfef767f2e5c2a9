import { ForbiddenException } from '@nestjs/common';
import { CouncilScope, allCouncils, oneCouncil, Role } from '@app/persistence';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  councilCode: string | null;
}

/** What a principal may read: a council token its own council, analysts and admins all. */
export function readScope(principal: Principal): CouncilScope {
  if (principal.role === 'council') return oneCouncil(principal.councilCode!);
  return allCouncils;
}

/** Only admins and a council's own token may write for that council. */
export function assertMayWriteFor(principal: Principal, councilCode: string | null): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'council' && councilCode !== null && principal.councilCode === councilCode) return;
  throw new ForbiddenException(principal.role === 'analyst' ? 'analysts read every council but cannot upload or change a council\'s data' : `this token acts for ${principal.councilCode} only`);
}
