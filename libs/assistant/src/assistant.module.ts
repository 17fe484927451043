import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@sophie/appointments';
import { ConversationsModule } from '@sophie/conversations';
import { PatientsModule } from '@sophie/patients';
import { PractitionersModule } from '@sophie/practitioners';
import { SettingsModule } from '@sophie/settings';
import { WhatsAppModule } from '@sophie/whatsapp';
import { AssistantHandler } from './assistant-handler';
import { AssistantPortsService } from './assistant-ports.service';
import { ConversationEngine } from './engine/conversation-engine';
import { ReminderService } from './reminders';
import { StaffHandoffController } from './staff-handoff.controller';

/** The assistant: the conversation engine and its flows, registered as the WhatsApp channel's message handler. */
@Module({
  imports: [WhatsAppModule, ConversationsModule, AppointmentsModule, PatientsModule, PractitionersModule, SettingsModule],
  controllers: [StaffHandoffController],
  providers: [ConversationEngine, AssistantPortsService, AssistantHandler, ReminderService],
  exports: [ConversationEngine],
})
export class AssistantModule {}
