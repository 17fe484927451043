export * from './cloud-api-client';
export * from './outbound-content';
export * from './validate-content';
export * from './whatsapp-api-error';
export * from './whatsapp-errors';
export { META_MEDIA_ORIGIN } from './media-download';
