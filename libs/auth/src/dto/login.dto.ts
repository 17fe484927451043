import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: 'Username (case-insensitive)', example: 'admin@clinique-centre' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ description: 'Password', example: 'Correct-horse-42' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;
}

export class LoginUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'admin@clinique-centre' })
  username!: string;

  @ApiProperty({ enum: ['ADMIN', 'SUPERADMIN'] })
  role!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  clinicId!: string | null;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the token expires', example: 3600 })
  expiresIn!: number;

  @ApiProperty({ type: LoginUserDto })
  user!: LoginUserDto;
}
