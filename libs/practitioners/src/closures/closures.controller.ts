import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { ClosuresService } from './closures.service';
import { ClosureDto, ClosurePageDto } from './closure-response.dto';
import { CreateClosureDto } from './create-closure.dto';
import { ListClosuresQueryDto } from './list-closures-query.dto';

@ApiTags('closures')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/closures')
export class ClosuresController {
  constructor(private readonly closures: ClosuresService) {}

  @Get()
  @ApiOperation({
    summary: 'Closures of the clinic and absences of practitioners, a page at a time, in order of start',
    description: 'With practitioner_id: that practitioner\'s absences and the closures of the whole clinic.',
  })
  @ApiOkResponse({ type: ClosurePageDto })
  async list(@Query() query: ListClosuresQueryDto): Promise<ClosurePageDto> {
    const page = await this.closures.list(query);
    return { ...page, items: page.items.map((c) => ClosureDto.from(c)) };
  }

  @Post()
  @ApiOperation({
    summary: 'Close the clinic, or record a practitioner\'s absence',
    description: 'Whole days without times; part of a day with start_time and/or end_time. Dates and times are local to the clinic.',
  })
  @ApiCreatedResponse({ type: ClosureDto })
  async create(@Body() body: CreateClosureDto, @Actor() actor: RequestActor): Promise<ClosureDto> {
    return ClosureDto.from(await this.closures.create(body, actor));
  }

  @Delete(':closureId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a closure or absence' })
  @ApiNoContentResponse()
  async delete(@Param('closureId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<void> {
    await this.closures.delete(id, actor);
  }
}
