import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest offset a page may start at (PostgreSQL's `integer`): beyond any list, and never an overflow in SQL. */
export const MAX_OFFSET = 2_147_483_647;

/**
 * `?n=` written in decimal digits to a number; anything else (`0x10`, `1e3`, ` 5`, an empty value) stays as it came,
 * for `@IsInt` to refuse, where `Number()` would have read it as some number.
 */
function ToDecimalInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));
}

/** `?limit=&offset=`, the same on every list route. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Items per page' })
  @IsOptional()
  @ToDecimalInteger()
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Items to skip' })
  @IsOptional()
  @ToDecimalInteger()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset = 0;
}

/** One page of a list: the same shape on every list route. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function pageOf<T>(items: T[], total: number, query: PaginationQueryDto): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}
