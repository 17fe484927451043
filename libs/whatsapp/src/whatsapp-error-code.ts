import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the WhatsApp module. */
export enum WhatsAppErrorCode {
  SecretRequired = 'WHATSAPP_SECRET_REQUIRED',
  NotConfigured = 'WHATSAPP_NOT_CONFIGURED',
  WebhookForbidden = 'WEBHOOK_FORBIDDEN',
  InvalidPayload = 'WEBHOOK_INVALID_PAYLOAD',
  InboxUnavailable = 'WEBHOOK_INBOX_UNAVAILABLE',
  MediaNotFound = 'MEDIA_NOT_FOUND',
  OutsideWindow = 'WHATSAPP_OUTSIDE_WINDOW',
  ReplyShape = 'WHATSAPP_REPLY_SHAPE',
}

export const whatsappError = domainErrors<WhatsAppErrorCode>(
  {
    [WhatsAppErrorCode.SecretRequired]: HttpStatus.BAD_REQUEST,
    [WhatsAppErrorCode.NotConfigured]: HttpStatus.CONFLICT,
    [WhatsAppErrorCode.WebhookForbidden]: HttpStatus.FORBIDDEN,
    [WhatsAppErrorCode.InvalidPayload]: HttpStatus.BAD_REQUEST,
    [WhatsAppErrorCode.InboxUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
    [WhatsAppErrorCode.MediaNotFound]: HttpStatus.NOT_FOUND,
    [WhatsAppErrorCode.OutsideWindow]: HttpStatus.CONFLICT,
    [WhatsAppErrorCode.ReplyShape]: HttpStatus.BAD_REQUEST,
  },
  { [WhatsAppErrorCode.InboxUnavailable]: 5 },
);
