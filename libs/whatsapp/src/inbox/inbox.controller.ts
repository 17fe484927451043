import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, RequestActor } from '@sophie/auth';
import { ConversationsService, MessageDto } from '@sophie/conversations';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { MediaStore } from '../media/media-store';
import { OutboundService } from '../processing/outbound.service';
import { WhatsAppErrorCode, whatsappError } from '../whatsapp-error-code';
import { StaffReplyDto } from './staff-reply.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId')
export class InboxController {
  constructor(
    private readonly outbound: OutboundService,
    private readonly conversations: ConversationsService,
    private readonly media: MediaStore,
    private readonly tenant: TenantConnectionProvider,
    private readonly audit: ClinicAudit,
  ) {}

  @Post('conversations/:conversationId/messages')
  @ApiOperation({ summary: 'Reply to the patient as staff: free text within 24 hours of their last message, else a template; stored, then sent in order' })
  @ApiCreatedResponse({ type: MessageDto })
  async reply(@Param('conversationId', new ParseUUIDPipe()) id: string, @Body() body: StaffReplyDto, @Actor() actor: RequestActor): Promise<MessageDto> {
    const message = await this.outbound.reply(id, body, actor.userId);
    await this.audit.record('conversation.replied', 'conversation', id, actor);
    return MessageDto.from(message, this.tenant.clinicId);
  }

  @Get('messages/:messageId/media')
  @ApiOperation({ summary: 'Download a file the patient sent (staff of this clinic only)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file' })
  async download(@Param('messageId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const message = await this.conversations.message(id);
    const stream = message ? this.media.open(message) : null;
    if (!message || !stream) throw whatsappError(WhatsAppErrorCode.MediaNotFound, 'No stored file for this message');
    await this.audit.record('message.media_downloaded', 'message', id, actor);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    const extension = message.mediaPath?.slice(message.mediaPath.lastIndexOf('.')) ?? '';
    return new StreamableFile(stream, {
      type: message.mediaMimeType ?? 'application/octet-stream',
      disposition: `attachment; filename="${message.type}-${message.id}${extension}"`,
      length: message.mediaSize ?? undefined,
    });
  }
}
