import * as path from 'node:path';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as nunjucks from 'nunjucks';
import { APP_CONFIG, AppConfig, appRoot } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

/** Builds the API app (also used by the end-to-end tests). */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false, bodyParser: false });
  // JSON and form bodies up to REQUEST_BODY_LIMIT_KB (a very wide register's column mapping is a large form); larger ones get 413.
  const bodyLimit = `${app.get<AppConfig>(APP_CONFIG).requestBodyLimitKb}kb`;
  app.useBodyParser('json', { limit: bodyLimit });
  app.useBodyParser('urlencoded', { limit: bodyLimit, extended: true, parameterLimit: 20_000 });
  // Express 5 leaves the body undefined when a request has none: handlers read fields of an empty one (a POST with no body was a 500).
  app.use((req: { body?: unknown }, _res: unknown, next: () => void) => {
    req.body ??= {};
    next();
  });
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // Security headers on every response (JSON, error pages, the API docs), HSTS included. Pages then
  // set their own Content-Security-Policy with a nonce for their scripts (see PageRenderer);
  // this one allows the API docs' own scripts and styles.
  app.use(helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"] } },
    strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  }));
  configurePages(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Council contract register')
    .setDescription('Council contract registers in, normalised contracts out. Every /api route needs a bearer token (npm run cli -- tokens create).')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/**
 * Server-rendered pages: Nunjucks templates in apps/api/views with the GOV.UK Frontend
 * templates and components, its assets, Chart.js and the pages' own scripts, all served from
 * this app (no CDN).
 */
function configurePages(app: NestExpressApplication): void {
  const root = appRoot();
  const govuk = path.join(root, 'node_modules', 'govuk-frontend', 'dist');
  const express = app.getHttpAdapter().getInstance();
  nunjucks.configure([path.join(root, 'apps', 'api', 'views'), govuk], { autoescape: true, express, noCache: process.env.NODE_ENV === 'development' });
  app.setViewEngine('njk');
  app.set('trust proxy', 'loopback');
  const immutable = { maxAge: '7d', index: false as const };
  app.useStaticAssets(path.join(govuk, 'govuk', 'assets'), { prefix: '/assets', ...immutable });
  app.useStaticAssets(path.join(govuk, 'govuk'), { prefix: '/govuk', ...immutable });
  app.useStaticAssets(path.join(root, 'node_modules', 'chart.js', 'dist'), { prefix: '/vendor/chart.js', ...immutable });
  app.useStaticAssets(path.join(root, 'apps', 'api', 'public'), { prefix: '/static', maxAge: '1h', index: false });
}
