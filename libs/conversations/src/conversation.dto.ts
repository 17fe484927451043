import { ApiProperty } from '@nestjs/swagger';
import type { ConversationEntity } from './conversation.entity';
import type { MessageEntity } from './message.entity';

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'WhatsApp id of the user (phone digits today)' }) wa_id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Meta business-scoped user id, for users without a phone number' }) user_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '+33612345678' }) user_phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) profile_name!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) patient_id!: string | null;
  @ApiProperty({ example: 'IDLE' }) current_state!: string;
  @ApiProperty({ nullable: true, type: String, example: 'fr' }) detected_language!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Meta\'s 24-hour window for free-form replies runs from here' }) last_inbound_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) last_message_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Handed to staff since (null: the assistant answers)' }) handed_off_at!: Date | null;
  @ApiProperty({ nullable: true, type: String, enum: ['patient', 'staff'] }) handed_off_by!: string | null;
  @ApiProperty({ description: 'Patient messages staff have not read yet' }) unread!: boolean;
  @ApiProperty({ description: 'The patient sent STOP: no reminders' }) opted_out!: boolean;
  @ApiProperty() created_at!: Date;

  static from(c: ConversationEntity): ConversationDto {
    return {
      id: c.id,
      wa_id: c.waId,
      user_id: c.userId,
      user_phone: c.userPhone,
      profile_name: c.profileName,
      patient_id: c.patientId,
      current_state: c.currentState,
      detected_language: c.detectedLanguage,
      last_inbound_at: c.lastInboundAt,
      last_message_at: c.lastMessageAt,
      handed_off_at: c.handedOffAt,
      handed_off_by: c.handedOffBy,
      unread: c.lastInboundAt !== null && (c.staffReadAt === null || c.staffReadAt < c.lastInboundAt),
      opted_out: c.optedOutAt !== null,
      created_at: c.createdAt,
    };
  }
}

export class MessageMediaDto {
  @ApiProperty({ enum: ['pending', 'stored', 'rejected', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'image/jpeg' }) mime_type!: string | null;
  @ApiProperty({ nullable: true, type: Number }) size!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Authenticated download route, once stored' }) download_path!: string | null;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty({ example: 'text' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ type: Object, description: 'Structured content (reply ids and titles, location, outbound content)' }) payload!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: MessageMediaDto }) media!: MessageMediaDto | null;
  @ApiProperty({ nullable: true, type: String }) whatsapp_message_id!: string | null;
  @ApiProperty({ enum: ['received', 'processed', 'queued', 'sent', 'delivered', 'read', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: Object, description: 'Meta\'s error of a failed message' }) error!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, enum: ['assistant', 'staff'] }) sent_by!: string | null;
  @ApiProperty({ nullable: true, type: Date }) whatsapp_timestamp!: Date | null;
  @ApiProperty() created_at!: Date;
  @ApiProperty({ nullable: true, type: Date }) sent_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) delivered_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) read_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) failed_at!: Date | null;

  static from(m: MessageEntity, clinicId: string): MessageDto {
    return {
      id: m.id,
      conversation_id: m.conversationId,
      direction: m.direction,
      type: m.type,
      text: m.text,
      payload: m.payload,
      media: m.mediaStatus
        ? {
            status: m.mediaStatus,
            mime_type: m.mediaMimeType,
            size: m.mediaSize,
            download_path: m.mediaStatus === 'stored' ? `/api/clinics/${clinicId}/messages/${m.id}/media` : null,
          }
        : null,
      whatsapp_message_id: m.whatsappMessageId,
      status: m.status,
      error: m.error,
      sent_by: m.sentBy,
      whatsapp_timestamp: m.whatsappTimestamp,
      created_at: m.createdAt,
      sent_at: m.sentAt,
      delivered_at: m.deliveredAt,
      read_at: m.readAt,
      failed_at: m.failedAt,
    };
  }
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items!: MessageDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
