import type { ButtonsContent, ListContent, OutboundContent, TemplateComponent, TemplateParameter } from './outbound-content';

/** A JSON body for the Graph API. */
export type GraphPayload = Record<string, unknown>;

/**
 * Meta's body for `POST /{version}/{phone-number-id}/messages`: the envelope (`messaging_product`,
 * `recipient_type`, `to`, optional `context` and `biz_opaque_callback_data`) and the object of the content's type. Optional texts
 * that are empty are left out, as Meta refuses empty headers and footers.
 */
export function messagePayload(to: string, content: OutboundContent, trackingId?: string): GraphPayload {
  const envelope: GraphPayload = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  if (trackingId !== undefined) envelope.biz_opaque_callback_data = trackingId;
  if (content.replyTo) envelope.context = { message_id: content.replyTo };
  switch (content.kind) {
    case 'text':
      return { ...envelope, type: 'text', text: { preview_url: content.previewUrl ?? false, body: content.body } };
    case 'buttons':
      return { ...envelope, type: 'interactive', interactive: buttonsInteractive(content) };
    case 'list':
      return { ...envelope, type: 'interactive', interactive: listInteractive(content) };
    case 'template': {
      const template: GraphPayload = { name: content.name, language: { code: content.languageCode } };
      if (content.components?.length) template.components = content.components.map(templateComponent);
      return { ...envelope, type: 'template', template };
    }
  }
}

/** Meta's body that marks an incoming message (and every earlier one) as read: blue ticks. */
export function readReceiptPayload(whatsappMessageId: string): GraphPayload {
  return { messaging_product: 'whatsapp', status: 'read', message_id: whatsappMessageId };
}

function frame(content: ButtonsContent | ListContent): GraphPayload {
  const interactive: GraphPayload = { type: content.kind === 'buttons' ? 'button' : 'list' };
  if (content.header) interactive.header = { type: 'text', text: content.header };
  interactive.body = { text: content.body };
  if (content.footer) interactive.footer = { text: content.footer };
  return interactive;
}

function buttonsInteractive(content: ButtonsContent): GraphPayload {
  return {
    ...frame(content),
    action: { buttons: content.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
  };
}

function listInteractive(content: ListContent): GraphPayload {
  const sections = content.sections.map((section) => ({
    ...(section.title ? { title: section.title } : {}),
    rows: section.rows.map((row) => ({ id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) })),
  }));
  return { ...frame(content), action: { button: content.buttonText, sections } };
}

function templateComponent(component: TemplateComponent): GraphPayload {
  const out: GraphPayload = { type: component.type };
  if (component.subType !== undefined) out.sub_type = component.subType;
  if (component.index !== undefined) out.index = String(component.index);
  out.parameters = component.parameters.map(templateParameter);
  return out;
}

function templateParameter(parameter: TemplateParameter): GraphPayload {
  switch (parameter.type) {
    case 'text':
      return { type: 'text', text: parameter.text, ...(parameter.parameterName ? { parameter_name: parameter.parameterName } : {}) };
    case 'payload':
      return { type: 'payload', payload: parameter.payload };
    default: {
      const media: GraphPayload = { id: parameter.mediaId };
      if (parameter.filename && parameter.type === 'document') media.filename = parameter.filename;
      return { type: parameter.type, [parameter.type]: media };
    }
  }
}
