import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** POST /api/superadmin/clinics/:clinicId/decommission: the clinic's name, typed again, confirms it. */
export class DecommissionClinicDto {
  @ApiProperty({ description: 'The clinic\'s exact name, as a confirmation: its database and role will be dropped' })
  @IsString()
  @MaxLength(200)
  confirm_name!: string;
}
