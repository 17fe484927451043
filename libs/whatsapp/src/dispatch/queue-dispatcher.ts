import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '@sophie/queue';
import { InboxDispatcher } from './inbox-dispatcher';

export const INBOUND_QUEUE = 'whatsapp.inbound';
export const OUTBOUND_QUEUE = 'whatsapp.outbound';

/** A job's data: ids only, never message text or phone numbers. */
export interface ConversationJob {
  clinicId: string;
  conversationId: string;
}

/**
 * Both queues are `stately` with the key `clinicId:conversationId`: at most one job of a conversation runs and at
 * most one waits, so one patient's messages are handled, and sent, in order, while different patients' run in
 * parallel. A job that fails is retried with exponential backoff, then kept in the dead-letter queue.
 */
@Injectable()
export class QueueDispatcher extends InboxDispatcher implements OnModuleInit {
  constructor(private readonly queue: JobQueue) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.define(INBOUND_QUEUE, { policy: 'stately', retryLimit: 6, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });
    await this.queue.define(OUTBOUND_QUEUE, { policy: 'stately', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });
  }

  async processInbound(clinicId: string, conversationIds: readonly string[]): Promise<void> {
    for (const conversationId of conversationIds) await this.send(INBOUND_QUEUE, { clinicId, conversationId });
  }

  async sendOutbound(clinicId: string, conversationId: string): Promise<void> {
    await this.send(OUTBOUND_QUEUE, { clinicId, conversationId });
  }

  /** A null answer means a job of this conversation already waits: it will see this work too. */
  private async send(queue: string, job: ConversationJob): Promise<void> {
    await this.queue.send<ConversationJob>(queue, job, { singletonKey: `${job.clinicId}:${job.conversationId}` });
  }
}
