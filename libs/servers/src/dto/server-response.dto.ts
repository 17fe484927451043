import { ApiProperty } from '@nestjs/swagger';
import { DatabaseServerStatus, DatabaseServerUsage } from '@sophie/registry';

/** A database server as the API shows it: never its admin password. */
export class ServerResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'pg-paris-2' }) name!: string;
  @ApiProperty({ example: 'pg2.internal' }) host!: string;
  @ApiProperty({ example: 5432 }) port!: number;
  @ApiProperty({ example: 'sophie_admin' }) admin_user!: string;
  @ApiProperty({ enum: DatabaseServerStatus, description: 'accepting: new clinics may be placed here; draining: it serves its clinics and takes no new ones' })
  status!: DatabaseServerStatus;
  @ApiProperty({ description: 'How many clinic databases it should hold at most' }) capacity!: number;
  @ApiProperty({ description: 'Clinic databases it holds (provisioning, active, suspended or decommissioning clinics)' }) clinics!: number;
  @ApiProperty({ description: 'capacity minus clinics, never below 0' }) room!: number;
  @ApiProperty({ description: 'The server that also holds the registry (DATABASE_URL)' }) is_primary!: boolean;
  @ApiProperty() created_at!: Date;

  static from(server: DatabaseServerUsage): ServerResponseDto {
    return {
      id: server.id,
      name: server.name,
      host: server.host,
      port: server.port,
      admin_user: server.adminUser,
      status: server.status,
      capacity: server.capacity,
      clinics: server.clinics,
      room: server.room,
      is_primary: server.isPrimary,
      created_at: server.createdAt,
    };
  }
}
