import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { toUkDate } from '@app/ingest';
import { escapeHtml } from '../web/page-helpers';
import { CurrentPrincipal, Public } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { AcknowledgeDto, AlertSettingsDto, AlertsQueryDto, RunAlertsDto, SnoozeDto } from './dto/alerts.dto';
import { AlertsService } from './alerts.service';
import { pageBody } from '../paging';


/** A small page for the links in alert e-mails (a GET only shows a form: mail scanners follow links). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:40em;margin:2em auto;padding:0 1em}button{background:#00703c;color:#fff;border:0;padding:.5em 1em;font-size:1em;cursor:pointer}label,select{font-size:1em}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    summary: 'Renewal alerts: scheduled, pending, sent, failed, snoozed, in-hand, withdrawn or skipped, with each delivery, by due date. '
      + 'An array (at most 50) with the next page in the Link, X-Next-Cursor and X-Total-Count headers; with `limit` or `cursor`, `{items, limit, next, nextUrl, total, totalIsEstimate}`.',
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AlertsQueryDto, @Res({ passthrough: true }) res: Response) {
    return pageBody(res, query, await this.alerts.list(principal, query));
  }

  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The daily alert run is queued (one job per council); admins only' })
  run(@CurrentPrincipal() principal: Principal, @Body() body: RunAlertsDto) {
    return this.alerts.runNow(principal, body.today);
  }

  @Post(':id/snooze')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Snooze an alert until a day (or for some days); it goes again then' })
  snooze(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: SnoozeDto) {
    return this.alerts.snooze(principal, id, body);
  }

  @Post(':id/acknowledge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark the contract as in hand: no more alerts for its current dates (new dates re-arm them)' })
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: AcknowledgeDto) {
    return this.alerts.acknowledge(principal, id, body);
  }

  @Public()
  @Get(':id/snooze')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  async snoozeForm(@Param('id') id: string, @Query('token') token: string | undefined) {
    const alert = await this.alerts.byLink(Number(id), token);
    return page('Snooze this reminder', `<p>Reminder about ${escapeHtml(alert.contractKey.replace(/^ref:/, 'contract '))}, due ${toUkDate(alert.dueDate)}.</p>
<form method="post" action="snooze/confirm"><input type="hidden" name="token" value="${escapeHtml(token ?? '')}"><label for="days">Remind me again in</label>
<select id="days" name="days"><option value="7">1 week</option><option value="14">2 weeks</option><option value="30" selected>1 month</option><option value="90">3 months</option></select>
<p><button type="submit">Snooze</button></p></form>`);
  }

  @Public()
  @Post(':id/snooze/confirm')
  @ApiExcludeEndpoint()
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/html; charset=utf-8')
  async snoozeByLink(@Param('id') id: string, @Body() body: { token?: string; days?: string }) {
    const days = Math.min(366, Math.max(1, Math.round(Number(body.days) || 30)));
    const { until } = await this.alerts.snoozeByLink(Number(id), body.token, days);
    return page('Reminder snoozed', `<p>You will be reminded again on ${toUkDate(until)}.</p>`);
  }

  @Public()
  @Get(':id/in-hand')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  async inHandForm(@Param('id') id: string, @Query('token') token: string | undefined) {
    const alert = await this.alerts.byLink(Number(id), token);
    return page('Mark the contract as in hand', `<p>No more reminders will be sent about ${escapeHtml(alert.contractKey.replace(/^ref:/, 'contract '))} while its dates stay as they are. If its dates change, reminders start again for the new dates.</p>
<form method="post"><input type="hidden" name="token" value="${escapeHtml(token ?? '')}"><p><button type="submit">It is in hand</button></p></form>`);
  }

  @Public()
  @Post(':id/in-hand')
  @ApiExcludeEndpoint()
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/html; charset=utf-8')
  async inHandByLink(@Param('id') id: string, @Body() body: { token?: string }) {
    await this.alerts.acknowledgeByLink(Number(id), body.token);
    return page('Contract marked as in hand', '<p>Thank you: no more reminders will be sent for its current dates.</p>');
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/councils')
export class AlertSettingsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get(':code/alert-settings')
  @ApiOkResponse({ description: "The council's alert settings (addresses, stages, digest, webhook); the webhook secret and calendar URL for those who act for the council" })
  get(@CurrentPrincipal() principal: Principal, @Param('code') code: string) {
    return this.alerts.getSettings(principal, code);
  }

  @Put(':code/alert-settings')
  @ApiOkResponse({ description: 'Saved (the council itself or an admin)' })
  put(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() body: AlertSettingsDto) {
    return this.alerts.putSettings(principal, code, body);
  }

  @Public()
  @Get(':code/renewals.ics')
  @ApiOperation({ summary: "The council's decision dates and notice deadlines as an iCalendar feed, on the secret URL from its alert settings (no bearer token)" })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/calendar')
  async calendar(@Param('code') code: string, @Query('token') token: string | undefined, @Res({ passthrough: true }) res: Response) {
    const ics = await this.alerts.calendar(code, token);
    res.setHeader('content-type', 'text/calendar; charset=utf-8');
    res.setHeader('content-disposition', `inline; filename="${code}-renewals.ics"`);
    res.setHeader('cache-control', 'private, max-age=3600');
    return ics;
  }
}
