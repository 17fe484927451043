import { createHmac, hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@sophie/common';

/**
 * Counts one attempt for each key ($1 the address's, $2 the username's); a key whose window has ended starts a new
 * one; $3 is the window in milliseconds.
 */
const COUNT_ATTEMPT_SQL = `
  INSERT INTO login_failures AS f (key, failures, window_ends_at)
  VALUES ($1, 1, now() + $3::double precision * interval '1 millisecond'), ($2, 1, now() + $3::double precision * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END,
    window_ends_at = CASE WHEN f.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE f.window_ends_at END`;

/** Whole seconds until the later of the locked keys' windows ends (database clock); 0 when none is locked. */
const RETRY_AFTER_SQL = `
  SELECT coalesce(max(ceil(extract(epoch FROM window_ends_at - now()))), 0)::int AS wait
  FROM login_failures
  WHERE window_ends_at > now() AND ((key = $1 AND failures >= $2) OR (key = $3 AND failures >= $4))`;

/**
 * Attempts from one address, and for one (address, username), are decided one at a time: a transaction lock on each
 * key (the address's first, always, so two logins never wait on each other in opposite orders).
 */
const LOCK_KEYS_SQL = `SELECT pg_advisory_xact_lock(('x' || substr($1, 1, 16))::bit(64)::bigint), pg_advisory_xact_lock(('x' || substr($2, 1, 16))::bit(64)::bigint)`;

/** A successful login was no failure: the username's count goes, and the address gives back the attempt it counted. */
const REFUND_SQL = `
  WITH forgotten AS (DELETE FROM login_failures WHERE key = $2),
       emptied AS (DELETE FROM login_failures WHERE key = $1 AND failures <= 1)
  UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 1`;

/** Forgets a few ended windows; rows somebody is counting right now are skipped, never waited for. */
const PURGE_SQL = `
  DELETE FROM login_failures WHERE key IN (
    SELECT key FROM login_failures WHERE window_ends_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED)`;


/**
 * Counts login attempts per (address, username) and per address (4× the limit) within a window that starts at the
 * first one; a successful login gives its attempt back. Past the limit, logins from there are refused until the
 * window ends, whether the password is right or not. The counters live in the registry (`login_failures`), so
 * every API instance sees the same ones. Unknown usernames and wrong passwords run the same statements.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  /** Keys are HMACs under a key derived from SECRETS_KEY: the table alone does not tell which usernames were tried. */
  private readonly keyKey: Buffer;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly registry: DataSource,
  ) {
    this.maxFailures = config.loginMaxFailures;
    this.windowMs = config.loginLockMs;
    this.keyKey = Buffer.from(hkdfSync('sha256', config.secretsKey, Buffer.alloc(0), 'sophie login throttle keys', 32));
  }

  /** The stored keys of an address and of an (address, username). */
  keysOf(ip: string, username: string): { address: string; user: string } {
    const mac = (text: string): string => createHmac('sha256', this.keyKey).update(text).digest('hex');
    return { address: mac(`ip:${ip}`), user: mac(`u:${ip}:${username.toLowerCase()}`) };
  }

  /**
   * Answers the seconds to wait when a login from there is refused now, or 0, and then counts this attempt, before
   * the password is even compared: concurrent attempts, on any instance, never compare more passwords than the
   * limit. A refused attempt counts for nothing (a locked-out user retrying never locks the whole address).
   */
  async attempt(ip: string, username: string): Promise<number> {
    const { address, user } = this.keysOf(ip, username);
    const wait = await this.registry.transaction(async (manager) => {
      await manager.query(LOCK_KEYS_SQL, [address, user]);
      const rows = await manager.query<Array<{ wait: number }>>(RETRY_AFTER_SQL, [user, this.maxFailures, address, this.maxFailures * 4]);
      const seconds = Math.max(0, rows[0]?.wait ?? 0);
      if (seconds === 0) await manager.query(COUNT_ATTEMPT_SQL, [address, user, this.windowMs]);
      return seconds;
    });
    await this.registry.query(PURGE_SQL);
    return wait;
  }

  async succeeded(ip: string, username: string): Promise<void> {
    const { address, user } = this.keysOf(ip, username);
    await this.registry.query(REFUND_SQL, [address, user]);
  }
}
