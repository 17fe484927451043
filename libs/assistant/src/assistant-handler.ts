import { Injectable, OnModuleInit } from '@nestjs/common';
import { type ConversationEntity, ConversationsService, type MessageEntity } from '@sophie/conversations';
import { ClinicSettingsService } from '@sophie/settings';
import { ClinicAudit } from '@sophie/tenancy';
import { InboundHandlerRegistry, type InboundMessageHandler, type OutboundContent } from '@sophie/whatsapp';
import { ASSISTANT_ACTOR, AssistantPortsService } from './assistant-ports.service';
import { ConversationEngine } from './engine/conversation-engine';
import type { AssistantContext, AssistantState, EngineInput } from './engine/engine-types';
import { DEFAULT_LANGUAGE, isLanguage } from './i18n/languages';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the patient sent, as the engine reads it. */
export function engineInput(message: MessageEntity): EngineInput {
  const payload = message.payload;
  if (message.type === 'text') return { kind: 'text', text: message.text ?? '' };
  if (message.type === 'interactive') {
    const reply = isObject(payload.button_reply) ? payload.button_reply : isObject(payload.list_reply) ? payload.list_reply : null;
    if (reply && typeof reply.id === 'string') return { kind: 'choice', id: reply.id, title: typeof reply.title === 'string' ? reply.title : '' };
  }
  // A template's quick reply carries our payload.
  if (message.type === 'button' && typeof payload.payload === 'string') return { kind: 'choice', id: payload.payload, title: message.text ?? '' };
  if (message.mediaStatus !== null) return { kind: 'media', mediaType: message.type, messageId: message.id, stored: message.mediaStatus === 'stored', caption: message.text };
  return { kind: 'other', type: message.type };
}

/**
 * The assistant as the WhatsApp channel's message handler: reads the conversation, runs the engine, saves the new
 * state (in the transaction that marks the message processed) and returns the replies to send.
 */
@Injectable()
export class AssistantHandler implements InboundMessageHandler, OnModuleInit {
  constructor(
    private readonly registry: InboundHandlerRegistry,
    private readonly engine: ConversationEngine,
    private readonly ports: AssistantPortsService,
    private readonly conversations: ConversationsService,
    private readonly settings: ClinicSettingsService,
    private readonly audit: ClinicAudit,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(conversation: ConversationEntity, message: MessageEntity): Promise<OutboundContent[]> {
    const now = new Date();
    const stored = conversation.contextData as AssistantContext & { languageChosen?: boolean };
    const { languageChosen, ...context } = stored;
    const withStaff = await this.withStaff(conversation, now);
    const language = isLanguage(conversation.detectedLanguage) ? conversation.detectedLanguage : DEFAULT_LANGUAGE;
    const result = await this.engine.handle(
      {
        state: conversation.currentState as AssistantState,
        context,
        language,
        languageChosen: languageChosen === true,
        patientId: conversation.patientId,
        phone: conversation.userPhone,
        withStaff,
      },
      engineInput(message),
      this.ports,
      now,
    );
    const handedBack = conversation.handedOffAt !== null && !withStaff;
    await this.conversations.updateAssistant(conversation.id, {
      currentState: result.state,
      contextData: { ...result.context, ...(result.languageChosen ? { languageChosen: true } : {}) },
      detectedLanguage: result.language,
      patientId: result.patientId ?? conversation.patientId,
      ...(result.handoff ? { handedOffAt: now, handedOffBy: 'patient' as const, handedOffUserId: null } : handedBack ? { handedOffAt: null, handedOffBy: null, handedOffUserId: null } : {}),
      ...(result.optOut === undefined ? {} : { optedOutAt: result.optOut ? now : null }),
    });
    if (result.patientId && result.patientId !== conversation.patientId) {
      await this.audit.record('conversation.patient_linked', 'conversation', conversation.id, ASSISTANT_ACTOR);
    }
    if (result.handoff) await this.audit.record('conversation.handed_off', 'conversation', conversation.id, ASSISTANT_ACTOR);
    return result.replies;
  }

  /** Held by staff, and not yet quiet for the clinic's quiet time (counted from the handoff or staff's last reply). */
  private async withStaff(conversation: ConversationEntity, now: Date): Promise<boolean> {
    if (!conversation.handedOffAt) return false;
    const [settings, lastReply] = await Promise.all([this.settings.get(), this.conversations.lastStaffReplyAt(conversation.id)]);
    const since = Math.max(conversation.handedOffAt.getTime(), lastReply?.getTime() ?? 0);
    return now.getTime() - since < settings.handoffQuietMinutes * 60_000;
  }
}
