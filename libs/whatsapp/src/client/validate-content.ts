import type { ButtonsContent, ListContent, OutboundContent, TemplateContent, TextContent } from './outbound-content';
import { ContentRule, WhatsAppContentInvalid } from './whatsapp-errors';

/**
 * Meta's limits on what a message may hold, checked before anything is sent (a refused message
 * costs a round trip and comes back as an opaque 131009 or 100).
 *
 * Length unit: Meta states every limit in "characters" without saying which unit it counts. We
 * count Unicode code points, so an emoji such as 😀 (one code point, two UTF-16 units in a JS
 * string) is one character, as the patient sees it; a composed emoji (flag, skin tone, ZWJ family)
 * is several code points and counts as several. If Meta counted UTF-16 units, a text with such
 * characters right at a limit could still be refused: it then comes back as a `parameter` error.
 */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  interactiveHeader: 60,
  interactiveFooter: 60,
  buttonsMax: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButtonText: 20,
  listSectionsMax: 10,
  listRowsMax: 10,
  listSectionTitle: 24,
  listRowTitle: 24,
  listRowDescription: 72,
  listRowId: 200,
} as const;

/** The length of a string in Unicode code points (not UTF-16 units: `'😀'.length` is 2). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Throws `WhatsAppContentInvalid` naming the first limit the content breaks. */
export function validateContent(content: OutboundContent): void {
  switch (content.kind) {
    case 'text':
      return validateText(content);
    case 'buttons':
      return validateButtons(content);
    case 'list':
      return validateList(content);
    case 'template':
      return validateTemplate(content);
    default: {
      const unknown: { kind?: unknown } = content;
      throw new TypeError(`Unknown WhatsApp content kind: ${String(unknown.kind)}`);
    }
  }
}

/** Fails unless `text` is `min..max` characters long. */
function checkLength(rule: ContentRule, path: string, text: string, min: number, max: number): void {
  const actual = characterCount(text);
  if (actual < min || actual > max) throw new WhatsAppContentInvalid({ rule, path, min, max, actual });
}

/** Optional texts: absent or empty means "none", otherwise at most `max` characters. */
function checkOptional(rule: ContentRule, path: string, text: string | undefined, max: number): void {
  if (text) checkLength(rule, path, text, 0, max);
}

function checkCount(rule: ContentRule, path: string, actual: number, min: number, max: number): void {
  if (actual < min || actual > max) throw new WhatsAppContentInvalid({ rule, path, min, max, actual });
}

function validateText(content: TextContent): void {
  checkLength('text.body.length', 'body', content.body, 1, WHATSAPP_LIMITS.textBody);
}

function validateInteractiveFrame(content: ButtonsContent | ListContent): void {
  checkLength('interactive.body.length', 'body', content.body, 1, WHATSAPP_LIMITS.interactiveBody);
  checkOptional('interactive.header.length', 'header', content.header, WHATSAPP_LIMITS.interactiveHeader);
  checkOptional('interactive.footer.length', 'footer', content.footer, WHATSAPP_LIMITS.interactiveFooter);
}

function validateButtons(content: ButtonsContent): void {
  validateInteractiveFrame(content);
  checkCount('buttons.count', 'buttons', content.buttons.length, 1, WHATSAPP_LIMITS.buttonsMax);
  const ids = new Set<string>();
  content.buttons.forEach((button, i) => {
    checkLength('buttons.title.length', `buttons[${i}].title`, button.title, 1, WHATSAPP_LIMITS.buttonTitle);
    checkLength('buttons.id.length', `buttons[${i}].id`, button.id, 1, WHATSAPP_LIMITS.buttonId);
    if (ids.has(button.id)) throw new WhatsAppContentInvalid({ rule: 'buttons.id.unique', path: `buttons[${i}].id` });
    ids.add(button.id);
  });
}

function validateList(content: ListContent): void {
  validateInteractiveFrame(content);
  checkLength('list.buttonText.length', 'buttonText', content.buttonText, 1, WHATSAPP_LIMITS.listButtonText);
  checkCount('list.sections.count', 'sections', content.sections.length, 1, WHATSAPP_LIMITS.listSectionsMax);
  const totalRows = content.sections.reduce((sum, section) => sum + section.rows.length, 0);
  checkCount('list.rows.count', 'sections[*].rows', totalRows, 1, WHATSAPP_LIMITS.listRowsMax);
  const ids = new Set<string>();
  content.sections.forEach((section, s) => {
    if (!section.title && content.sections.length > 1) {
      throw new WhatsAppContentInvalid({ rule: 'list.section.title.required', path: `sections[${s}].title` });
    }
    checkOptional('list.section.title.length', `sections[${s}].title`, section.title, WHATSAPP_LIMITS.listSectionTitle);
    if (section.rows.length === 0) throw new WhatsAppContentInvalid({ rule: 'list.section.rows.empty', path: `sections[${s}].rows` });
    section.rows.forEach((row, r) => {
      const path = `sections[${s}].rows[${r}]`;
      checkLength('list.row.title.length', `${path}.title`, row.title, 1, WHATSAPP_LIMITS.listRowTitle);
      checkOptional('list.row.description.length', `${path}.description`, row.description, WHATSAPP_LIMITS.listRowDescription);
      checkLength('list.row.id.length', `${path}.id`, row.id, 1, WHATSAPP_LIMITS.listRowId);
      if (ids.has(row.id)) throw new WhatsAppContentInvalid({ rule: 'list.row.id.unique', path: `${path}.id` });
      ids.add(row.id);
    });
  });
}

function validateTemplate(content: TemplateContent): void {
  if (!content.name?.trim()) throw new WhatsAppContentInvalid({ rule: 'template.name.required', path: 'name' });
  if (!content.languageCode?.trim()) throw new WhatsAppContentInvalid({ rule: 'template.language.required', path: 'languageCode' });
}
