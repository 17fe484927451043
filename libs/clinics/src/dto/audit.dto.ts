import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';
import type { AuditLogEntity } from '@sophie/registry';

/** An instant: a date-time with its offset (`Z` or `±hh:mm`), or a bare date meaning midnight UTC. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const INSTANT_MESSAGE = '$property must be an ISO 8601 date-time with a time zone (e.g. 2025-01-31T09:00:00Z) or a date (midnight UTC)';

/** The property must not be earlier than `other` (both ISO instants; checked only when both are valid). */
function IsNotBefore(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message: `$property must not be earlier than ${other}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const start = (args.object as Record<string, unknown>)[other];
          if (typeof value !== 'string' || typeof start !== 'string') return true;
          const [from, to] = [Date.parse(start), Date.parse(value)];
          return Number.isNaN(from) || Number.isNaN(to) || to >= from;
        },
      },
    });
  };
}

/** `GET /api/clinics/:clinicId/audit`: one clinic's entries, newest first. */
export class AuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'An exact action, or a prefix ending with * (e.g. patient.*)', example: 'patient.read', maxLength: 65 })
  @IsOptional()
  @IsString()
  @Length(1, 65)
  @Matches(/^[^*]*\*?$/, { message: 'action may hold * only as its last character' })
  action?: string;

  @ApiPropertyOptional({ description: 'Entries about this record', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  target_id?: string;

  @ApiPropertyOptional({ description: 'Entries about this kind of record', example: 'patient', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  target_type?: string;

  @ApiPropertyOptional({ description: 'Entries at or after this instant (ISO 8601 with a time zone, or a date meaning midnight UTC)', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: INSTANT_MESSAGE })
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Entries at or before this instant; not earlier than from', example: '2025-01-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: INSTANT_MESSAGE })
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsNotBefore('from')
  to?: string;
}

/** `GET /api/superadmin/audit`: every clinic and the registry-level entries. */
export class SuperadminAuditQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only this clinic\'s entries', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clinic_id?: string;
}

/** One audit log entry: ids only, never names, phone numbers or message text. */
export class AuditEntryDto {
  @ApiProperty({ description: 'Sequence number (a 64-bit integer, as a string)', example: '1042' }) id!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurred_at!: Date;
  @ApiProperty({ example: 'patient.read' }) action!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actor_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ADMIN' }) actor_role!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for registry-level entries (logins, …)' }) clinic_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'patient' }) target_type!: string | null;
  @ApiProperty({ nullable: true, type: String }) target_id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Address the request came from' }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) request_id!: string | null;

  static from(entry: AuditLogEntity): AuditEntryDto {
    return {
      id: entry.id,
      occurred_at: entry.occurredAt,
      action: entry.action,
      actor_user_id: entry.actorUserId,
      actor_role: entry.actorRole,
      clinic_id: entry.clinicId,
      target_type: entry.targetType,
      target_id: entry.targetId,
      ip: entry.ip,
      request_id: entry.requestId,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ description: 'Entries matching the filters in all' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
