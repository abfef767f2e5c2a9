import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { RegisterError } from '@app/ingest';
import { QueueUnavailable } from '@app/queue';
import { clientErrorOf, DomainError, statusForCode } from './error-codes';
import { isPage, renderPageError } from '../web/page-errors';

/** Domain errors carry a code; unknown errors become a 500 with a correlation id, never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse();
    const request = ctx.getRequest();
    const correlationId = String(request.id ?? '');
    // A named rate limit sends Retry-After-<name>: clients read the plain header.
    if (exception instanceof HttpException && exception.getStatus() === 429 && !response.getHeader('Retry-After')) {
      const named = Object.entries(response.getHeaders() as Record<string, unknown>).find(([k]) => /^retry-after-/i.test(k));
      if (named) response.setHeader('Retry-After', String(named[1]));
    }
    if (isPage(request)) return renderPageError(exception, request, response);
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      response.status(exception.getStatus()).json({ statusCode: exception.getStatus(), ...payload, correlationId });
      return;
    }
    if (exception instanceof DomainError || exception instanceof RegisterError) {
      const status = statusForCode(exception.code);
      const details = exception instanceof DomainError ? exception.details : { file: exception.file, row: exception.row };
      response.status(status).json({ statusCode: status, code: exception.code, message: exception.message, ...details, correlationId });
      return;
    }
    if (exception instanceof QueueUnavailable) {
      response.status(503).json({ statusCode: 503, code: exception.code, message: `${exception.message}: try again in a minute`, correlationId });
      return;
    }
    const client = clientErrorOf(exception);
    if (client) {
      response.status(client.status).json({ statusCode: client.status, message: client.message, correlationId });
      return;
    }
    this.logger.error({ msg: 'unhandled error', correlationId, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception) });
    response.status(500).json({ statusCode: 500, message: 'internal error; quote this correlation id when reporting it', correlationId });
  }
}
