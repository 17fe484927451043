import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@sophie/common';

interface Failures {
  count: number;
  firstAt: number;
}

/**
 * Counts failed logins per (address, username) and per address within a window. Past the limit,
 * logins from there are refused until the window ends, whether the password is right or not.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures: LRUCache<string, Failures>;
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(config: AppConfig) {
    this.maxFailures = config.loginMaxFailures;
    this.windowMs = config.loginLockMs;
    this.failures = new LRUCache<string, Failures>({ max: 50_000, ttl: this.windowMs });
  }

  private keys(ip: string, username: string): Array<[string, number]> {
    return [
      [`u:${ip}:${username.toLowerCase()}`, this.maxFailures],
      [`ip:${ip}`, this.maxFailures * 4],
    ];
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  retryAfterSeconds(ip: string, username: string): number {
    let wait = 0;
    for (const [key, limit] of this.keys(ip, username)) {
      const entry = this.failures.get(key);
      if (entry && entry.count >= limit) wait = Math.max(wait, Math.ceil((entry.firstAt + this.windowMs - Date.now()) / 1000));
    }
    return Math.max(0, wait);
  }

  recordFailure(ip: string, username: string): void {
    for (const [key] of this.keys(ip, username)) {
      const entry = this.failures.get(key);
      if (entry) {
        entry.count += 1;
      } else {
        this.failures.set(key, { count: 1, firstAt: Date.now() });
      }
    }
  }

  recordSuccess(ip: string, username: string): void {
    this.failures.delete(this.keys(ip, username)[0][0]);
  }
}
