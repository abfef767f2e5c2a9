import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { concatMap, from, Observable } from 'rxjs';
import { AuditRepository, AuditStatesRepository, CLOCK, Clock } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { AUDIT_SUBJECTS, councilOf, resultId, StateReader } from './audit-subjects';

/** What each change is called in the log, by route; a route not named here is logged by its method and path. */
const ACTIONS: Record<string, string> = {
  'POST /api/imports': 'upload',
  'POST /upload': 'upload',
  'PUT /api/councils/:code/column-mapping': 'column mapping saved',
  'POST /imports/:id/mapping': 'column mapping saved, file imported again',
  'POST /api/suppliers/merge': 'suppliers merged',
  'POST /api/suppliers/never-merge': 'suppliers kept apart',
  'POST /api/suppliers/split': 'supplier split',
  'POST /api/suppliers/:id/rename': 'supplier renamed',
  'POST /api/suppliers/relationships': 'supplier relationship added',
  'POST /suppliers/decision': 'supplier pair decided',
  'POST /suppliers/split': 'supplier split',
  'POST /suppliers/merge': 'suppliers merged',
  'PUT /api/contracts/:id/classification': 'classification corrected',
  'POST /api/opportunities/:id/triage': 'opportunity triaged',
  'POST /opportunities/:id/triage': 'opportunity triaged',
  'POST /api/opportunities/run': 'analysis started',
  'PUT /api/councils/:code/alert-settings': 'alert settings saved',
  'POST /councils/:code/alert-settings': 'alert settings saved',
  'POST /api/alerts/run': 'alert run started',
  'POST /api/alerts/:id/snooze': 'alert snoozed',
  'POST /api/alerts/:id/acknowledge': 'alert marked in hand',
  'POST /api/alerts/:id/snooze/confirm': 'alert snoozed from an e-mail link',
  'POST /api/alerts/:id/in-hand': 'alert marked in hand from an e-mail link',
  'POST /users': 'user invited',
  'POST /users/:id/reinvite': 'new invitation link made',
  'POST /users/:id/remove': 'user removed',
  'POST /users/tokens/:id/revoke': 'API token revoked',
  'POST /api/tokens': 'API token made',
  'DELETE /api/tokens/:id': 'API token revoked',
  'PUT /api/assets': 'asset register entry saved',
  'POST /api/assets/application-list': 'application list imported',
  'POST /invite/:token': 'invitation accepted',
};

/** Requests that are not changes to the register (or whose record would hold a secret's use): signing in and out. */
const NOT_LOGGED = new Set(['POST /sign-in', 'POST /sign-out']);
const SECRET = /pass(word)?|token|secret|_csrf|authorization/i;

/** A request's particulars for the log: secrets removed, text cut short, at most a few kilobytes. */
function sanitised(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value !== 'object') return value;
  if (depth > 3) return '…';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => sanitised(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).slice(0, 40).map(([k, v]) => [k, SECRET.test(k) ? '[removed]' : sanitised(v, depth + 1)]));
}

/**
 * Records every change a person or token makes, once it has succeeded: who (the user or token,
 * its role), when, what (the action and what it was done to), the council it concerns, and the
 * request's particulars with secrets removed, and the part of the register it touched as it was
 * before and after (see AUDIT_SUBJECTS). Reads are not logged; neither are refusals.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditRepository, private readonly states: AuditStatesRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal; route?: { path?: string }; file?: { originalname: string; size: number } }>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return next.handle();
    const route = `${req.method} ${req.route?.path ?? req.path}`;
    if (NOT_LOGGED.has(route)) return next.handle();
    // The state the change touches is read just before it and again once it has succeeded. The record is
    // written before the answer goes (for routes that answer through Nest), so a client that reads the log
    // next sees its change there.
    return from(this.before(req, route)).pipe(concatMap((seen) => next.handle().pipe(concatMap(async (result) => {
      if (res.statusCode < 400) {
        const after = seen ? await this.read(seen.reader, route, result) : undefined;
        await this.write(req, route, result, seen ? { before: seen.state, after } : {}).catch((e: Error) => this.logger.error({ msg: 'could not write the audit log', route, err: e.message }));
      }
      return result;
    }))));
  }

  /** The state before the change, for the routes that name what they touch; never stops the change itself. */
  private async before(req: Request, route: string): Promise<{ reader: StateReader; state: unknown } | null> {
    const subject = AUDIT_SUBJECTS[route];
    if (!subject) return null;
    const reader = await subject(this.states, req).catch((e: Error) => {
      this.logger.warn({ msg: 'could not work out what a change touches', route, err: e.message });
      return null;
    });
    return reader ? { reader, state: await this.read(reader, route) } : null;
  }

  private async read(reader: StateReader, route: string, result?: unknown): Promise<unknown> {
    return reader(result).then((v) => v ?? null, (e: Error) => {
      this.logger.warn({ msg: 'could not read the state a change touches', route, err: e.message });
      return '(could not be read)';
    });
  }

  private async write(req: Request & { principal?: Principal; file?: { originalname: string; size: number } }, route: string, result: unknown, change: { before?: unknown; after?: unknown }): Promise<void> {
    const p = req.principal;
    const params = (req.params ?? {}) as Record<string, string>;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const council = params.code ?? councilOf(req);
    const target = [...new Set([params.id, params.code && !params.id ? params.code : null, resultId(result)].filter(Boolean))].join(' → ') || null;
    await this.audit.record({
      at: this.clock(),
      actor: p?.name ?? (route.startsWith('POST /api/alerts/') || route.startsWith('POST /invite/') ? 'someone with the link' : 'unknown'),
      actorId: p?.tokenId !== undefined ? String(p.tokenId) : null,
      role: p?.role ?? null,
      council,
      action: ACTIONS[route] ?? route,
      target,
      detail: sanitised({ route, ...(Object.keys(body).length ? { asked: body } : {}), ...(req.file ? { file: { name: req.file.originalname, bytes: req.file.size } } : {}), ...change }) as Record<string, unknown>,
    });
  }
}
