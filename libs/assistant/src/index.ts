export * from './assistant.module';
export * from './engine/conversation-engine';
export * from './engine/engine-types';
export * from './i18n/languages';
export * from './i18n/catalog';
export * from './nlp/format';
