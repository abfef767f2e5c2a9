import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import IORedis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One count per key per window, kept in Redis so that every API process behind a load balancer
 * counts against the same limit. KEYS[1]: the hits in this window; KEYS[2]: the block once over.
 * ARGV: the window (ms), the limit, how long a block lasts (ms). Returns hits, the window's time
 * left and the block's time left (both ms; the block's ≤ 0 when not blocked).
 */
const COUNT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, left, blocked }
`;

/**
 * Rate-limit counts shared by every API process through Redis (when REDIS_URL is set). Redis
 * unreachable does not hold a request up or refuse it: each process counts on its own until Redis
 * answers again, and says so once in the log.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: IORedis;
  private readonly local = new ThrottlerStorageService();
  private counting: 'shared' | 'local' = 'shared';

  constructor(redisUrl: string, private readonly prefix: string) {
    // No offline queue and no retries per command: a command while Redis is away fails at once.
    this.redis = new IORedis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2_000, retryStrategy: (n) => Math.min(n * 500, 5_000) });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('rateCount', { numberOfKeys: 2, lua: COUNT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (this.redis.status === 'ready') {
      try {
        const base = `${this.prefix}:rate:${throttlerName}:${key}`;
        const [hits, left, blocked] = (await (this.redis as IORedis & { rateCount(...a: unknown[]): Promise<number[]> })
          .rateCount(`${base}:hits`, `${base}:block`, ttl, limit, Math.max(1, blockDuration))).map(Number);
        this.now('shared');
        return { totalHits: hits, timeToExpire: Math.ceil(left / 1000), isBlocked: blocked > 0, timeToBlockExpire: blocked > 0 ? Math.ceil(blocked / 1000) : 0 };
      } catch (e) {
        this.now('local', (e as Error).message);
      }
    } else this.now('local', `Redis is ${this.redis.status}`);
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  private now(counting: 'shared' | 'local', why?: string): void {
    if (counting === this.counting) return;
    this.counting = counting;
    if (counting === 'local') this.logger.warn({ msg: 'rate limits counted in this process until Redis answers again', why });
    else this.logger.log({ msg: 'rate limits shared through Redis again' });
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}
