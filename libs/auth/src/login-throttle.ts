import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@sophie/common';

/**
 * Counts one failure for each key ($1, $2), in that order (the address's key first, always, so that two logins
 * never lock the same rows in opposite orders). A key whose window has ended starts a new one; $3 is the window in
 * milliseconds. One statement: concurrent failures on several instances all count.
 */
const RECORD_FAILURE_SQL = `
  INSERT INTO login_failures AS f (key, failures, window_ends_at)
  VALUES ($1, 1, now() + $3::double precision * interval '1 millisecond'), ($2, 1, now() + $3::double precision * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END,
    window_ends_at = CASE WHEN f.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE f.window_ends_at END`;

/** Whole seconds until the later of the locked keys' windows ends (database clock: instances' clocks may differ); 0 when none is locked. */
const RETRY_AFTER_SQL = `
  SELECT coalesce(max(ceil(extract(epoch FROM window_ends_at - now()))), 0)::int AS wait
  FROM login_failures
  WHERE window_ends_at > now() AND ((key = $1 AND failures >= $2) OR (key = $3 AND failures >= $4))`;

/** Forgets a few ended windows; rows somebody is counting right now are skipped, never waited for. */
const PURGE_SQL = `
  DELETE FROM login_failures WHERE key IN (
    SELECT key FROM login_failures WHERE window_ends_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED)`;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Counts failed logins per (address, username) and per address (4× the limit) within a window that starts at the
 * first failure. Past the limit, logins from there are refused until the window ends, whether the password is right
 * or not. The counters live in the registry (`login_failures`), so every API instance sees the same ones. Both kinds
 * of failure (unknown username, wrong password) run the same statements.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly registry: DataSource,
  ) {
    this.maxFailures = config.loginMaxFailures;
    this.windowMs = config.loginLockMs;
  }

  /** The stored keys: digests, so no username typed at the form is kept. */
  static keys(ip: string, username: string): { address: string; user: string } {
    return { address: digest(`ip:${ip}`), user: digest(`u:${ip}:${username.toLowerCase()}`) };
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  async retryAfterSeconds(ip: string, username: string): Promise<number> {
    const { address, user } = LoginThrottle.keys(ip, username);
    const rows = await this.registry.query<Array<{ wait: number }>>(RETRY_AFTER_SQL, [user, this.maxFailures, address, this.maxFailures * 4]);
    return Math.max(0, rows[0]?.wait ?? 0);
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const { address, user } = LoginThrottle.keys(ip, username);
    await this.registry.query(RECORD_FAILURE_SQL, [address, user, this.windowMs]);
    await this.registry.query(PURGE_SQL);
  }

  async recordSuccess(ip: string, username: string): Promise<void> {
    await this.registry.query('DELETE FROM login_failures WHERE key = $1', [LoginThrottle.keys(ip, username).user]);
  }
}
