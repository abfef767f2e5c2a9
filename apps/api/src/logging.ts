import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * A request's path as logs may hold it: never the query (a calendar feed's or an e-mail link's
 * token is there), and an invitation's token in the path replaced, so a log reader cannot use it.
 */
export function loggablePath(url: string | undefined): string {
  return (url ?? '').split('?')[0].replace(/^\/invite\/[^/]+/, '/invite/[redacted]');
}

/** JSON logs, one line per event, with a request id that error responses quote back. */
export function loggerModule(): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.logLevel,
        genReqId: (req, res) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
          res.setHeader('x-request-id', id);
          return id;
        },
        // One concise line per request: method, path (never the query: a calendar feed's secret is there), status, ms and
        // who (a token or user id, never a name, header or cookie).
        serializers: {
          req: (req: { id?: string; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: loggablePath(req.url) }),
          res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
        },
        customProps: (req: IncomingMessage & { principal?: { tokenId?: string | number } }) => ({ app: 'api', ...(req.principal?.tokenId !== undefined ? { user: String(req.principal.tokenId) } : {}) }),
        customSuccessMessage: (req: IncomingMessage, res: ServerResponse, ms: number) => `${req.method} ${loggablePath(req.url)} ${res.statusCode} ${ms} ms`,
        customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${loggablePath(req.url)} ${res.statusCode} failed`,
        customAttributeKeys: { responseTime: 'ms' },
      },
    }),
  });
}
