import { Injectable, Logger } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { sqlState } from '@sophie/common';
import { AuditService, DatabaseServersService, DatabaseServerStatus, DatabaseServerUsage } from '@sophie/registry';
import { ServerAddress, ServerProbe } from './server-probe';
import { ServersErrorCode, serversError } from './servers-error-code';

/** A server to add: where it is, its admin role and how many clinics it takes. */
export interface AddServerInput extends ServerAddress {
  name: string;
  capacity?: number;
}

/** What may change on a recorded server. */
export interface ServerChanges {
  status?: DatabaseServerStatus;
  capacity?: number;
}

/** Database servers as the superadmin (API or CLI) manages them: list, add after a check, drain or reopen, resize. Each change audited by id. */
@Injectable()
export class ServersService {
  private readonly logger = new Logger(ServersService.name);

  constructor(
    private readonly servers: DatabaseServersService,
    private readonly probe: ServerProbe,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<DatabaseServerUsage[]> {
    return this.servers.listWithUsage();
  }

  async get(id: string): Promise<DatabaseServerUsage> {
    const server = (await this.servers.listWithUsage()).find((s) => s.id === id);
    if (!server) throw serversError(ServersErrorCode.ServerNotFound, 'No such database server');
    return server;
  }

  /** The server of that name (the CLI names servers). */
  async getByName(name: string): Promise<DatabaseServerUsage> {
    const server = (await this.servers.listWithUsage()).find((s) => s.name === name);
    if (!server) throw serversError(ServersErrorCode.ServerNotFound, `No database server is named "${name}"`);
    return server;
  }

  /** Checks the server (see ServerProbe), then records it with its admin password sealed. */
  async add(input: AddServerInput, actor: RequestActor): Promise<DatabaseServerUsage> {
    const host = input.host.trim();
    await this.refuseDuplicate(input.name, host, input.port);
    const facts = await this.probe.check({ ...input, host });
    await this.refuseSameCluster(facts.systemIdentifier, `${host}:${input.port}`);
    let id: string;
    try {
      id = (await this.servers.register({ name: input.name, host, port: input.port, adminUser: input.adminUser, adminPassword: input.adminPassword, capacity: input.capacity })).id;
    } catch (error) {
      // Another add of the same name or address won the race since the check above.
      if (sqlState(error) === '23505') await this.refuseDuplicate(input.name, host, input.port);
      throw error;
    }
    this.logger.log({ serverId: id, version: facts.version }, 'Database server added');
    await this.record('server.added', id, actor);
    return this.get(id);
  }

  /** Drains or reopens a server, or changes its capacity; each actual change is audited. */
  async update(id: string, changes: ServerChanges, actor: RequestActor): Promise<DatabaseServerUsage> {
    const server = await this.get(id);
    if (changes.status !== undefined && changes.status !== server.status) {
      await this.servers.setStatus(id, changes.status);
      await this.record(changes.status === DatabaseServerStatus.Draining ? 'server.draining' : 'server.accepting', id, actor);
    }
    if (changes.capacity !== undefined && changes.capacity !== server.capacity) {
      await this.servers.setCapacity(id, changes.capacity);
      await this.record('server.capacity_changed', id, actor);
    }
    return this.get(id);
  }

  private async refuseDuplicate(name: string, host: string, port: number): Promise<void> {
    if (await this.servers.findByName(name)) throw serversError(ServersErrorCode.NameTaken, `A database server is already named "${name}"`);
    const same = await this.servers.findByAddress(host, port);
    if (same) throw serversError(ServersErrorCode.AddressTaken, `${host}:${port} is already recorded as "${same.name}"`);
  }

  /**
   * One PostgreSQL cluster recorded under two addresses (`localhost` and `127.0.0.1`, a DNS alias) would count its
   * clinics against two capacities, and a move between the two records could destroy data: refused.
   */
  private async refuseSameCluster(identifier: string | null, where: string): Promise<void> {
    if (identifier === null) return;
    for (const server of await this.servers.listWithUsage()) {
      const credentials = await this.servers.credentials(server.id);
      const facts = await this.probe.check(credentials).catch(() => null);
      if (facts?.systemIdentifier === identifier) {
        throw serversError(ServersErrorCode.AddressTaken, `${where} is the same PostgreSQL server as the one recorded as "${server.name}"`);
      }
    }
  }

  private record(action: string, serverId: string, actor: RequestActor): Promise<void> {
    return this.audit.record({ action, targetType: 'database_server', targetId: serverId, actorUserId: actor.userId, actorRole: actor.role, ip: actor.ip, requestId: actor.requestId });
  }
}
