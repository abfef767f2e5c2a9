import { createHash } from 'node:crypto';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SharedRateLimitStorage } from './shared-rate-limits';

/** Who a request counts against: its bearer token (hashed, never kept in clear), else its network address. */
function tokenOrAddress(req: Record<string, any>): string {
  const header = req.headers?.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  return token ? `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `address:${req.ip}`;
}

/**
 * Rate limits, counted in Redis across every API process when REDIS_URL is set (else in this
 * process; in this process too while Redis is unreachable): each token (or address without one) API_RATE_LIMIT_PER_MINUTE
 * requests a minute, and each address API_ADDRESS_LIMIT_PER_MINUTE whatever tokens it sends (a flood
 * of guessed tokens is stopped too). Over either: 429 with Retry-After. /health is not limited.
 */
export function rateLimitsModule() {
  return ThrottlerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      throttlers: [
        { name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute, getTracker: tokenOrAddress },
        { name: 'address', ttl: 60_000, limit: config.addressLimitPerMinute, getTracker: (req: Record<string, any>) => `address:${req.ip}` },
      ],
      errorMessage: 'too many requests: wait the seconds Retry-After gives and try again',
      ...(config.redisUrl ? { storage: new SharedRateLimitStorage(config.redisUrl, config.queuePrefix) } : {}),
    }),
  });
}
