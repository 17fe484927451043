/**
 * Hands stored work to the durable queue: processing a conversation's inbound messages, sending its queued
 * outbound ones. Job data is ids only. Implemented by QueueDispatcher; tests may count the calls.
 */
export abstract class InboxDispatcher {
  /** Queue the processing of these conversations' pending inbound messages (one job per conversation at a time). */
  abstract processInbound(clinicId: string, conversationIds: readonly string[]): Promise<void>;
  /** Queue the sending of a conversation's queued outbound messages, in order. */
  abstract sendOutbound(clinicId: string, conversationId: string): Promise<void>;
}
