import { HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegisterError } from '@app/ingest';
import { clientErrorOf, DomainError, statusForCode } from '../errors/error-codes';
import { CsrfRejected, SignInRequired } from './web-auth.service';
import { navFor, pageHeaders, signedInOf } from './page-renderer';
import { loggablePath } from '../logging';

const logger = new Logger('Pages');

/** Pages are everything outside /api, /health and the API docs. */
export function isPage(req: Request): boolean {
  return !/^\/(api|health)(\/|$)/.test(req.path);
}

/** Errors on pages: sign-in redirects, and HTML error pages instead of JSON (never a stack trace). */
export function renderPageError(exception: unknown, req: Request, res: Response): void {
  if (exception instanceof SignInRequired) {
    const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(303, `/sign-in${next}`);
    return;
  }
  let status = 500;
  let title = 'Sorry, there is a problem with the service';
  let message = `Try again later. If it keeps happening, quote this reference: ${String((req as Request & { id?: unknown }).id ?? '')}`;
  if (exception instanceof CsrfRejected) {
    status = 403;
    title = 'This form has expired';
    message = 'Go back, reload the page and try again.';
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    const body = exception.getResponse();
    const text = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    title = status === 404 ? 'Page not found' : status === 403 ? 'You cannot see this page' : status === 413 ? 'The file is too large' : 'There is a problem';
    message = Array.isArray(text) ? text.join('; ') : String(text ?? '');
  } else if (exception instanceof DomainError || exception instanceof RegisterError) {
    status = statusForCode(exception.code);
    title = status === 404 ? 'Page not found' : 'There is a problem';
    message = exception.message;
  } else if (clientErrorOf(exception)) {
    const client = clientErrorOf(exception)!;
    status = client.status;
    title = status === 413 ? 'What you sent is too large' : 'There is a problem';
    message = `${client.message[0].toUpperCase()}${client.message.slice(1)}.`;
  } else {
    logger.error({ msg: 'unhandled page error', path: loggablePath(req.originalUrl), err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception) });
  }
  res.status(status);
  const nonce = pageHeaders(res);
  // The header, navigation and sign-out stay: the user can go on from here.
  const who = signedInOf(req);
  res.render('error', { title, message, cspNonce: nonce, user: who?.user, csrfToken: who?.csrfToken, nav: navFor(who, '') });
}
