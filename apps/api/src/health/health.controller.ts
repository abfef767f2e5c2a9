import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { BullmqJobQueue, JobQueue } from '@app/queue';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource, private readonly queue: JobQueue) {}

  @Public()
  @SkipThrottle({ default: true, address: true })
  @Get()
  @ApiOkResponse({ description: 'Database and queue reachable' })
  async check(@Res() res: Response): Promise<void> {
    const checks: Record<string, string> = {};
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = `up (${this.dataSource.options.type})`;
    } catch {
      checks.database = 'down';
    }
    if (this.queue instanceof BullmqJobQueue) checks.queue = (await this.queue.ping().catch(() => false)) ? 'up (bullmq)' : 'down';
    else checks.queue = 'up (in-process)';
    const ok = Object.values(checks).every((v) => v.startsWith('up'));
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'error', checks });
  }
}
