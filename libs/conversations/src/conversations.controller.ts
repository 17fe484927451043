import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { PaginationQueryDto } from '@sophie/common';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { ConversationDto, ConversationPageDto, MessageDto, MessagePageDto } from './conversation.dto';
import { ConversationsService } from './conversations.service';
import { ListConversationsQueryDto } from './list-conversations-query.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly tenant: TenantConnectionProvider,
    private readonly audit: ClinicAudit,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The inbox: conversations, most recent activity first' })
  @ApiOkResponse({ type: ConversationPageDto })
  async list(@Query() query: ListConversationsQueryDto, @Actor() actor: RequestActor): Promise<ConversationPageDto> {
    const page = await this.conversations.list(query);
    await this.audit.record('conversations.listed', null, null, actor);
    return { ...page, items: page.items.map((c) => ConversationDto.from(c)) };
  }

  @Get(':conversationId')
  @ApiOkResponse({ type: ConversationDto })
  async get(@Param('conversationId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<ConversationDto> {
    const conversation = await this.conversations.get(id);
    await this.audit.record('conversation.read', 'conversation', id, actor);
    return ConversationDto.from(conversation);
  }

  @Get(':conversationId/messages')
  @ApiOperation({ summary: 'A conversation\'s messages, newest first' })
  @ApiOkResponse({ type: MessagePageDto })
  async messages(@Param('conversationId', new ParseUUIDPipe()) id: string, @Query() query: PaginationQueryDto, @Actor() actor: RequestActor): Promise<MessagePageDto> {
    const page = await this.conversations.messages(id, query);
    await this.conversations.markReadByStaff(id);
    await this.audit.record('conversation.read', 'conversation', id, actor);
    return { ...page, items: page.items.map((m) => MessageDto.from(m, this.tenant.clinicId)) };
  }
}
