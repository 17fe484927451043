import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import type { UserEntity } from '@sophie/registry';

export class CreateClinicUserDto {
  @ApiProperty({ description: '3-64 letters, digits or . _ @ -; unique across Sophie', example: 'admin@clinique-centre' })
  @Matches(/^[a-zA-Z0-9._@-]{3,64}$/, { message: 'username must be 3-64 letters, digits or . _ @ -' })
  username!: string;

  @ApiProperty({ description: 'At least 12 characters mixing three of: lower case, upper case, digits, symbols', example: 'Correct-horse-42' })
  @IsString()
  @MaxLength(72)
  password!: string;
}

export class UpdateClinicUserDto {
  @ApiProperty({ description: 'true disables the account at once (its tokens stop working)' })
  @IsBoolean()
  disabled!: boolean;
}

export class ClinicUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['ADMIN'] }) role!: string;
  @ApiProperty({ format: 'uuid' }) clinic_id!: string | null;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() created_at!: Date;
  @ApiProperty({ nullable: true, type: Date }) last_login_at!: Date | null;

  static from(user: UserEntity): ClinicUserDto {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      clinic_id: user.clinicId,
      disabled: user.disabled,
      created_at: user.createdAt,
      last_login_at: user.lastLoginAt,
    };
  }
}
