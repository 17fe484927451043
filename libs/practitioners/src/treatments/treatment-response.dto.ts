import { ApiProperty } from '@nestjs/swagger';
import type { LocalizedName, TreatmentEntity } from './treatment.entity';
import { LOCALIZED_NAME_SCHEMA } from './create-treatment.dto';

export class TreatmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(LOCALIZED_NAME_SCHEMA) name!: LocalizedName;
  @ApiProperty({ example: 30 }) duration_minutes!: number;
  @ApiProperty({ example: 5 }) buffer_before_minutes!: number;
  @ApiProperty({ example: 10 }) buffer_after_minutes!: number;
  @ApiProperty() is_active!: boolean;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;

  static from(t: TreatmentEntity): TreatmentDto {
    return {
      id: t.id,
      name: t.name,
      duration_minutes: t.durationMinutes,
      buffer_before_minutes: t.bufferBeforeMinutes,
      buffer_after_minutes: t.bufferAfterMinutes,
      is_active: t.isActive,
      created_at: t.createdAt,
      updated_at: t.updatedAt,
    };
  }
}

export class TreatmentPageDto {
  @ApiProperty({ type: [TreatmentDto] }) items!: TreatmentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
