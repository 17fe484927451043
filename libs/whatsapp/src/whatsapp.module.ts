import { Module } from '@nestjs/common';
import { ConversationsModule } from '@sophie/conversations';
import { MetricsModule } from '@sophie/metrics';
import { WhatsAppCloudClient } from './client';
import { WhatsAppConfigController } from './config/whatsapp-config.controller';
import { WhatsAppConfigService } from './config/whatsapp-config.service';
import { InboxDispatcher } from './dispatch/inbox-dispatcher';
import { QueueDispatcher } from './dispatch/queue-dispatcher';
import { WhatsAppWorkers } from './dispatch/whatsapp-workers';
import { InboxController } from './inbox/inbox.controller';
import { MediaStore } from './media/media-store';
import { InboundHandlerRegistry } from './processing/inbound-message-handler';
import { InboundProcessor } from './processing/inbound-processor';
import { OutboundSender } from './processing/outbound-sender';
import { OutboundService } from './processing/outbound.service';
import { SystemLogService } from './system-log/system-log.service';
import { WhatsAppWebhookController } from './webhook/webhook.controller';
import { WebhookIntakeService } from './webhook/webhook-intake.service';

/**
 * The WhatsApp channel: per-clinic configuration, Meta's webhook (signature, durable intake), the Cloud API client,
 * media, statuses, and the queue workers that process inbound messages and send outbound ones in order.
 */
@Module({
  imports: [ConversationsModule, MetricsModule],
  controllers: [WhatsAppConfigController, WhatsAppWebhookController, InboxController],
  providers: [
    WhatsAppCloudClient,
    WhatsAppConfigService,
    SystemLogService,
    WebhookIntakeService,
    MediaStore,
    OutboundService,
    InboundProcessor,
    OutboundSender,
    WhatsAppWorkers,
    { provide: InboxDispatcher, useClass: QueueDispatcher },
    InboundHandlerRegistry,
  ],
  exports: [WhatsAppConfigService, OutboundService, MediaStore, SystemLogService, WhatsAppCloudClient, InboundHandlerRegistry],
})
export class WhatsAppModule {}
