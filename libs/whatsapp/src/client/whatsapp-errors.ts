import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@sophie/common';

/** Codes of the errors the client raises before or after talking to Meta. */
export enum WhatsAppClientErrorCode {
  ContentInvalid = 'WHATSAPP_CONTENT_INVALID',
  MediaTooLarge = 'WHATSAPP_MEDIA_TOO_LARGE',
  MediaUrlRefused = 'WHATSAPP_MEDIA_URL_REFUSED',
}

/** Which of Meta's limits a content broke. */
export type ContentRule =
  | 'text.body.length'
  | 'interactive.body.length'
  | 'interactive.header.length'
  | 'interactive.footer.length'
  | 'buttons.count'
  | 'buttons.title.length'
  | 'buttons.id.length'
  | 'buttons.id.unique'
  | 'list.buttonText.length'
  | 'list.sections.count'
  | 'list.section.title.length'
  | 'list.section.title.required'
  | 'list.section.rows.empty'
  | 'list.rows.count'
  | 'list.row.title.length'
  | 'list.row.description.length'
  | 'list.row.id.length'
  | 'list.row.id.unique'
  | 'template.name.required'
  | 'template.language.required';

export interface ContentViolation {
  rule: ContentRule;
  /** Where in the content, e.g. `sections[1].rows[0].title`. */
  path: string;
  /** The allowed range (characters or items), when the rule is one. */
  min?: number;
  max?: number;
  /** The measured size (never the text itself). */
  actual?: number;
}

/** The content breaks one of Meta's limits; nothing was sent. The text itself is never quoted. */
export class WhatsAppContentInvalid extends DomainError {
  readonly rule: ContentRule;

  constructor(readonly violation: ContentViolation) {
    super(WhatsAppClientErrorCode.ContentInvalid, HttpStatus.BAD_REQUEST, describeViolation(violation), violation);
    this.name = 'WhatsAppContentInvalid';
    this.rule = violation.rule;
  }
}

function describeViolation(v: ContentViolation): string {
  const range = v.max === undefined ? '' : `: allowed ${v.min ?? 0}..${v.max}`;
  const actual = v.actual === undefined ? '' : `, got ${v.actual}`;
  return `WhatsApp content breaks ${v.rule} at ${v.path}${range}${actual}`;
}

/** A media download would exceed the allowed size; it was stopped. */
export class WhatsAppMediaTooLarge extends DomainError {
  constructor(readonly maxBytes: number, readonly announcedBytes?: number) {
    super(
      WhatsAppClientErrorCode.MediaTooLarge,
      HttpStatus.PAYLOAD_TOO_LARGE,
      `WhatsApp media is larger than ${maxBytes} bytes${announcedBytes === undefined ? '' : ` (announced ${announcedBytes})`}`,
      { maxBytes, announcedBytes },
    );
    this.name = 'WhatsAppMediaTooLarge';
  }
}

/** A media URL that is neither on the Graph API's origin nor on Meta's media host: not fetched. */
export class WhatsAppMediaUrlRefused extends DomainError {
  constructor(readonly origin: string) {
    super(WhatsAppClientErrorCode.MediaUrlRefused, HttpStatus.BAD_GATEWAY, `WhatsApp media URL refused: origin ${origin} is not allowed`, { origin });
    this.name = 'WhatsAppMediaUrlRefused';
  }
}
