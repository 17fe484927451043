import { Module } from '@nestjs/common';
import { BackupModule } from '@sophie/backup';
import { ClinicMoveService } from './clinic-move.service';
import { ServerProbe } from './server-probe';
import { ServersService } from './servers.service';
import { SuperadminServersController } from './superadmin-servers.controller';

/**
 * The PostgreSQL servers that hold clinic databases, as the superadmin manages them (`/api/superadmin/servers`,
 * `servers …` in the CLI), and moving a clinic from one to another (`clinics move`). Placement itself stays in
 * provisioning (DatabaseServersService.pickForNewClinic).
 */
@Module({
  imports: [BackupModule],
  controllers: [SuperadminServersController],
  providers: [ServersService, ServerProbe, ClinicMoveService],
  exports: [ServersService, ServerProbe, ClinicMoveService],
})
export class ServersModule {}
