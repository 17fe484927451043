import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue, type QueueJob } from '@sophie/queue';
import { TenantContext } from '@sophie/tenancy';
import { InboundProcessor } from '../processing/inbound-processor';
import { OutboundSender } from '../processing/outbound-sender';
import { type ConversationJob, INBOUND_QUEUE, OUTBOUND_QUEUE } from './queue-dispatcher';

/** Runs the WhatsApp queues' jobs in this process (when QUEUE_WORKERS is on), each inside its clinic's scope. */
@Injectable()
export class WhatsAppWorkers implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly context: TenantContext,
    private readonly inbound: InboundProcessor,
    private readonly outbound: OutboundSender,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<ConversationJob>(INBOUND_QUEUE, (job) => this.run(job, (id) => this.inbound.processConversation(id)), { concurrency: 4 });
    await this.queue.work<ConversationJob>(OUTBOUND_QUEUE, (job) => this.run(job, (id) => this.outbound.sendConversation(id, job)), { concurrency: 4 });
  }

  private async run(job: QueueJob<ConversationJob>, work: (conversationId: string) => Promise<number>): Promise<void> {
    await this.context.runForClinic(job.data.clinicId, () => work(job.data.conversationId));
  }
}
