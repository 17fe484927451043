import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { parsePgUrl, SecretsService } from '@sophie/common';
import { ClinicStatus, DatabaseServerEntity, DatabaseServerStatus } from '../entities';

/** A server with its admin password decrypted, for provisioning and migrations only. */
export interface DatabaseServerCredentials {
  id: string;
  name: string;
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
}

/** A server to record: where it is, a role allowed to create databases and roles there, and how many clinics it takes. */
export interface NewDatabaseServer {
  name: string;
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  capacity?: number;
  status?: DatabaseServerStatus;
  /** A pooler in front of the server for the API's clinic pools (both or neither); admin work goes to host and port. */
  poolerHost?: string | null;
  poolerPort?: number | null;
}

/** A server as listed: its record, the clinic databases it holds and the room left (never negative). */
export interface DatabaseServerUsage extends DatabaseServerEntity {
  clinics: number;
  room: number;
}

/**
 * The clinic statuses that occupy a database on their server: a failed provisioning was rolled back and a
 * decommissioned clinic is a tombstone, so neither counts against its server's capacity.
 */
export const CLINIC_STATUSES_HOLDING_DATABASE: readonly ClinicStatus[] = [
  ClinicStatus.Provisioning,
  ClinicStatus.Active,
  ClinicStatus.Suspended,
  ClinicStatus.Decommissioning,
];

/** The PostgreSQL servers that hold clinic databases. */
@Injectable()
export class DatabaseServersService {
  constructor(
    @InjectRepository(DatabaseServerEntity) private readonly servers: Repository<DatabaseServerEntity>,
    private readonly secrets: SecretsService,
  ) {}

  /**
   * Records the server named by the registry URL as the primary one, refreshing its address and
   * credentials (the embedded server changes port at every start). A different `poolUrl` (DATABASE_POOL_URL) is the
   * pooler in front of it, which the clinic pools then use too.
   */
  async syncPrimary(registryUrl: string, poolUrl = registryUrl): Promise<DatabaseServerEntity> {
    const address = parsePgUrl(registryUrl);
    const pooler = poolUrl === registryUrl ? undefined : parsePgUrl(poolUrl);
    const existing = await this.servers.findOne({ where: { isPrimary: true } });
    const fields = {
      host: address.host,
      port: address.port,
      adminUser: address.user,
      adminPasswordEncrypted: this.secrets.encrypt(address.password),
      poolerHost: pooler?.host ?? null,
      poolerPort: pooler?.port ?? null,
    };
    if (existing) {
      await this.servers.update({ id: existing.id }, fields);
      return { ...existing, ...fields };
    }
    return this.servers.save(this.servers.create({ name: 'primary', isPrimary: true, status: DatabaseServerStatus.Accepting, capacity: 1000, ...fields }));
  }

  /** Records another server for clinic databases; its admin password is sealed. */
  register(server: NewDatabaseServer): Promise<DatabaseServerEntity> {
    const { adminPassword, ...fields } = server;
    return this.servers.save(
      this.servers.create({ status: DatabaseServerStatus.Accepting, capacity: 1000, ...fields, isPrimary: false, adminPasswordEncrypted: this.secrets.encrypt(adminPassword) }),
    );
  }

  /** The server that also holds the registry, once recorded. */
  findPrimary(): Promise<DatabaseServerEntity | null> {
    return this.servers.findOne({ where: { isPrimary: true } });
  }

  /** Opens a server to new clinics, or drains it (it keeps serving its clinics). */
  async setStatus(id: string, status: DatabaseServerStatus): Promise<void> {
    await this.servers.update({ id }, { status });
  }

  /**
   * The accepting server with the most room left (capacity minus the clinics that have a database there), or null
   * when every server is full or draining. Ties go to the oldest server, then the first by name.
   */
  async pickForNewClinic(manager?: EntityManager): Promise<DatabaseServerEntity | null> {
    const rows = await this.repository(manager)
      .createQueryBuilder('s')
      .leftJoin('clinics', 'c', 'c.database_server_id = s.id AND c.status IN (:...holding)', { holding: CLINIC_STATUSES_HOLDING_DATABASE })
      .where('s.status = :status', { status: DatabaseServerStatus.Accepting })
      .groupBy('s.id')
      .having('count(c.id) < s.capacity')
      .orderBy('s.capacity - count(c.id)', 'DESC')
      .addOrderBy('s.created_at', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .getMany();
    return rows[0] ?? null;
  }

  /** Every server with how many clinic databases it holds, oldest first. Never the admin password. */
  async listWithUsage(): Promise<DatabaseServerUsage[]> {
    const { entities, raw } = await this.servers
      .createQueryBuilder('s')
      .leftJoin('clinics', 'c', 'c.database_server_id = s.id AND c.status IN (:...holding)', { holding: CLINIC_STATUSES_HOLDING_DATABASE })
      .addSelect('count(c.id)::int', 'clinic_count')
      .groupBy('s.id')
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .getRawAndEntities<{ s_id: string; clinic_count: number }>();
    const counts = new Map(raw.map((r) => [r.s_id, Number(r.clinic_count)]));
    return entities.map((server) => {
      const clinics = counts.get(server.id) ?? 0;
      return { ...server, clinics, room: Math.max(server.capacity - clinics, 0) };
    });
  }

  findById(id: string): Promise<DatabaseServerEntity | null> {
    return this.servers.findOneBy({ id });
  }

  findByName(name: string): Promise<DatabaseServerEntity | null> {
    return this.servers.findOneBy({ name });
  }

  /** The server recorded at this address (the host compared without case), if any. */
  findByAddress(host: string, port: number): Promise<DatabaseServerEntity | null> {
    return this.servers.createQueryBuilder('s').where('lower(s.host) = lower(:host) AND s.port = :port', { host, port }).getOne();
  }

  /** How many clinic databases the server should hold at most; below its current count it simply takes no more. */
  async setCapacity(id: string, capacity: number): Promise<void> {
    await this.servers.update({ id }, { capacity });
  }

  /** The server with its admin password decrypted; `manager` joins the caller's transaction. */
  async credentials(id: string, manager?: EntityManager): Promise<DatabaseServerCredentials> {
    const server = await this.repository(manager)
      .createQueryBuilder('s')
      .addSelect('s.adminPasswordEncrypted')
      .where('s.id = :id', { id })
      .getOneOrFail();
    return {
      id: server.id,
      name: server.name,
      host: server.host,
      port: server.port,
      adminUser: server.adminUser,
      adminPassword: this.secrets.decrypt(server.adminPasswordEncrypted),
    };
  }

  private repository(manager?: EntityManager): Repository<DatabaseServerEntity> {
    return manager ? manager.getRepository(DatabaseServerEntity) : this.servers;
  }
}
