import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { parsePgUrl, SecretsService } from '@sophie/common';
import { DatabaseServerEntity, DatabaseServerStatus } from '../entities';

/** A server with its admin password decrypted, for provisioning and migrations only. */
export interface DatabaseServerCredentials {
  id: string;
  name: string;
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
}

/** The PostgreSQL servers that hold clinic databases. */
@Injectable()
export class DatabaseServersService {
  constructor(
    @InjectRepository(DatabaseServerEntity) private readonly servers: Repository<DatabaseServerEntity>,
    private readonly secrets: SecretsService,
  ) {}

  /**
   * Records the server named by the registry URL as the primary one, refreshing its address and
   * credentials (the embedded server changes port at every start).
   */
  async syncPrimary(registryUrl: string): Promise<DatabaseServerEntity> {
    const address = parsePgUrl(registryUrl);
    const existing = await this.servers.findOne({ where: { isPrimary: true } });
    const fields = {
      host: address.host,
      port: address.port,
      adminUser: address.user,
      adminPasswordEncrypted: this.secrets.encrypt(address.password),
    };
    if (existing) {
      await this.servers.update({ id: existing.id }, fields);
      return { ...existing, ...fields };
    }
    return this.servers.save(this.servers.create({ name: 'primary', isPrimary: true, status: DatabaseServerStatus.Accepting, capacity: 1000, ...fields }));
  }

  /** The accepting server with the most room left, or null when every server is full or draining. */
  async pickForNewClinic(): Promise<DatabaseServerEntity | null> {
    const rows = await this.servers
      .createQueryBuilder('s')
      .leftJoin('clinics', 'c', 'c.database_server_id = s.id')
      .where('s.status = :status', { status: DatabaseServerStatus.Accepting })
      .groupBy('s.id')
      .having('count(c.id) < s.capacity')
      .orderBy('s.capacity - count(c.id)', 'DESC')
      .addOrderBy('s.created_at', 'ASC')
      .getMany();
    return rows[0] ?? null;
  }

  async credentials(id: string): Promise<DatabaseServerCredentials> {
    const server = await this.servers
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
}
