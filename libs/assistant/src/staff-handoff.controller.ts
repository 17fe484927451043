import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { ConversationDto, ConversationsService } from '@sophie/conversations';
import { ClinicAudit } from '@sophie/tenancy';
import { OutboundService } from '@sophie/whatsapp';
import { t } from './i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage } from './i18n/languages';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/conversations/:conversationId')
export class StaffHandoffController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly outbound: OutboundService,
    private readonly audit: ClinicAudit,
  ) {}

  @Post('take-over')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Staff take the conversation over: the assistant stays silent until they hand it back (or the quiet time passes)' })
  @ApiOkResponse({ type: ConversationDto })
  async takeOver(@Param('conversationId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<ConversationDto> {
    const conversation = await this.conversations.takeOver(id, actor.userId);
    await this.audit.record('conversation.taken_over', 'conversation', id, actor);
    return ConversationDto.from(conversation);
  }

  @Post('hand-back')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hand the conversation back to the assistant, which tells the patient it is back' })
  @ApiOkResponse({ type: ConversationDto })
  async handBack(@Param('conversationId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<ConversationDto> {
    if (await this.conversations.handBack(id)) {
      const conversation = await this.conversations.get(id);
      const language = isLanguage(conversation.detectedLanguage) ? conversation.detectedLanguage : DEFAULT_LANGUAGE;
      await this.outbound.enqueue(id, { kind: 'text', body: t(language, 'handoff.ended') }, 'assistant', null);
      await this.outbound.dispatch(id);
      await this.audit.record('conversation.handed_back', 'conversation', id, actor);
    }
    return ConversationDto.from(await this.conversations.get(id));
  }
}
