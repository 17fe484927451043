import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { PutWhatsAppConfigDto, WhatsAppConfigDto } from './whatsapp-config.dto';
import { WhatsAppConfigService } from './whatsapp-config.service';

@ApiTags('whatsapp')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/whatsapp')
export class WhatsAppConfigController {
  constructor(private readonly config: WhatsAppConfigService) {}

  @Get()
  @ApiOperation({ summary: 'The clinic\'s WhatsApp configuration; secrets show only whether they are set and their last 4 characters' })
  @ApiOkResponse({ type: WhatsAppConfigDto })
  get(): Promise<WhatsAppConfigDto> {
    return this.config.get();
  }

  @Put()
  @ApiOperation({ summary: 'Create or replace the configuration (secrets are write-only and sealed at rest)' })
  @ApiOkResponse({ type: WhatsAppConfigDto })
  @ApiConflictResponse({ description: 'WHATSAPP_NUMBER_TAKEN: another clinic holds this phone number id' })
  put(@Body() body: PutWhatsAppConfigDto, @Actor() actor: RequestActor): Promise<WhatsAppConfigDto> {
    return this.config.put(body, actor);
  }
}
