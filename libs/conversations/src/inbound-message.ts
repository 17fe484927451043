/** Who wrote: WhatsApp's id for the user (`wa_id`, phone digits today) and/or Meta's business-scoped user id. */
export interface WhatsAppSender {
  readonly waId: string | null;
  readonly userId: string | null;
  /** E.164, when known. */
  readonly phone: string | null;
  readonly profileName: string | null;
}

/** One inbound WhatsApp message as the webhook parsed it. */
export interface InboundMessageInput {
  readonly whatsappMessageId: string;
  readonly sender: WhatsAppSender;
  readonly type: string;
  readonly text: string | null;
  readonly payload: Record<string, unknown>;
  readonly media: { readonly id: string; readonly mimeType: string | null; readonly sha256: string | null } | null;
  readonly timestamp: Date;
}

/** What storing a batch did: conversations listed have inbound messages waiting to be processed. */
export interface InboundStoreResult {
  readonly stored: number;
  readonly duplicates: number;
  readonly pendingConversationIds: readonly string[];
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** A status WhatsApp reports for an outbound message. */
export interface StatusUpdate {
  readonly whatsappMessageId: string;
  readonly status: DeliveryStatus;
  readonly timestamp: Date;
  /** Meta's `errors[]` of a failed message (codes and titles only). */
  readonly error: Record<string, unknown> | null;
  /** The `biz_opaque_callback_data` the send carried: our message id. */
  readonly trackingId?: string | null;
}
