/**
 * What the Cloud API client sends: a clinic's credentials and one message's content, in our own
 * camelCase shape. `message-payload.ts` turns it into Meta's JSON.
 */

/** One clinic's WhatsApp Business phone number and the token that speaks for it. Never logged. */
export interface WhatsAppCredentials {
  /** Graph API version, e.g. `v21.0`. */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
}

interface OutboundBase {
  /** The wamid of the message this one answers (Meta's `context.message_id`): shown as a quote. */
  replyTo?: string;
}

export interface TextContent extends OutboundBase {
  kind: 'text';
  body: string;
  /** Let WhatsApp render a preview of the first URL in the body. */
  previewUrl?: boolean;
}

export interface ReplyButton {
  /** Comes back in the webhook when the patient taps the button. */
  id: string;
  title: string;
}

/** An interactive `button` message: up to three reply buttons. */
export interface ButtonsContent extends OutboundBase {
  kind: 'buttons';
  body: string;
  /** Text header. */
  header?: string;
  footer?: string;
  buttons: ReplyButton[];
}

export interface ListRow {
  /** Comes back in the webhook when the patient picks the row. */
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  /** Required by Meta when the list has more than one section. */
  title?: string;
  rows: ListRow[];
}

/** An interactive `list` message: a button that opens up to ten rows in sections. */
export interface ListContent extends OutboundBase {
  kind: 'list';
  body: string;
  header?: string;
  footer?: string;
  /** The label of the button that opens the list. */
  buttonText: string;
  sections: ListSection[];
}

/** A parameter of a template component, in the order of the template's placeholders. */
export type TemplateParameter =
  | { type: 'text'; text: string; /** For templates with named parameters. */ parameterName?: string }
  | { type: 'payload'; payload: string }
  | { type: 'image' | 'video' | 'document'; mediaId: string; filename?: string };

export interface TemplateComponent {
  type: 'header' | 'body' | 'button';
  /** For `button` components. */
  subType?: 'quick_reply' | 'url';
  /** For `button` components: the button's position in the template (0-based). */
  index?: number;
  parameters: TemplateParameter[];
}

/** An approved message template: the only kind Meta delivers outside the 24-hour window. */
export interface TemplateContent extends OutboundBase {
  kind: 'template';
  name: string;
  /** The template's language, e.g. `fr` or `en_US`. */
  languageCode: string;
  components?: TemplateComponent[];
}

export type OutboundContent = TextContent | ButtonsContent | ListContent | TemplateContent;

/** Per-call settings. */
export interface CallOptions {
  /** Abort the call after this long (default WHATSAPP_TIMEOUT_MS; 60 s for media downloads). */
  timeoutMs?: number;
}

/** Per-send settings. */
export interface SendOptions extends CallOptions {
  /**
   * Our own id of the message (at most 512 characters), sent as Meta's `biz_opaque_callback_data`: Meta echoes it in
   * the message's status webhooks, which lets a send whose answer was lost be recognised (Meta has no idempotency key).
   */
  trackingId?: string;
}

/** What Meta tells about a media object (`GET /{version}/{media-id}`). */
export interface MediaInfo {
  /** Short-lived download URL (about five minutes), fetched with the same bearer token. */
  url: string;
  mimeType: string;
  /** Hex SHA-256 of the file, as Meta reports it. */
  sha256: string;
  fileSize: number;
}
