import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@sophie/common';
import { UserRole } from '../entities';
import { passwordWeakness } from '../password-policy';
import { DatabaseServersService } from './database-servers.service';
import { UsersService } from './users.service';

export interface SuperadminBootstrapResult {
  username: string;
  created: boolean;
  /** Set only when the password was generated: print it once, it is not stored anywhere readable. */
  generatedPassword?: string;
}

const UNIQUE_VIOLATION = '23505';

export function generatePassword(username: string): string {
  for (;;) {
    const candidate = `${randomBytes(15).toString('base64url')}-7a`;
    if (passwordWeakness(candidate, username) === null) return candidate;
  }
}

/** First-start duties on the registry: the primary database server and the first superadmin. */
@Injectable()
export class SuperadminBootstrapService {
  private readonly logger = new Logger(SuperadminBootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly servers: DatabaseServersService,
  ) {}

  /**
   * Safe when several instances start at once: no lock (the registry pool may be a transaction-mode pooler), but
   * each step tolerates the race. Both may find no primary server and insert one: the loser's insert breaks the
   * one-primary index and it syncs again, now finding the winner's row. The superadmin: see ensureSuperadmin.
   */
  async run(): Promise<SuperadminBootstrapResult> {
    try {
      await this.servers.syncPrimary(this.config.registryUrl, this.config.registryPoolUrl);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
      await this.servers.syncPrimary(this.config.registryUrl, this.config.registryPoolUrl);
    }
    return this.ensureSuperadmin(this.config.superadminUsername, this.config.superadminPassword);
  }

  /** Creates the superadmin when no user has that name; an existing one is left as it is. */
  async ensureSuperadmin(username: string, password?: string): Promise<SuperadminBootstrapResult> {
    if (await this.users.findByUsername(username)) return { username, created: false };
    const chosen = password ?? generatePassword(username);
    try {
      await this.users.create({ username, password: chosen, role: UserRole.SuperAdmin, clinicId: null });
    } catch (error) {
      // Another instance created it at the same moment.
      if (await this.users.findByUsername(username)) return { username, created: false };
      throw error;
    }
    this.logger.log({ username }, 'First superadmin created');
    return { username, created: true, generatedPassword: password ? undefined : chosen };
  }
}
