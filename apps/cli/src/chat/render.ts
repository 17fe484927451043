import type { ChatChoice } from './webhook-payloads';

/**
 * How the clinic's messages look in the terminal: what the server sent to the Graph API (Meta's request body), as
 * lines, with the choices a patient could tap numbered from 1.
 */

type Json = Record<string, unknown>;

export interface RenderedMessage {
  lines: string[];
  /** Reply buttons or list rows, numbered from 1 in `lines`; empty when the message offers none. */
  choices: ChatChoice[];
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOf = (value: unknown): string => (isObject(value) ? str(value.text) : '');

/** A message body the server sent (`wamid` being the id the Graph API gave it), as terminal lines. */
export function renderMessage(body: Json, wamid: string): RenderedMessage {
  const type = str(body.type) || 'text';
  switch (type) {
    case 'text':
      return { lines: str(isObject(body.text) ? body.text.body : '').split('\n'), choices: [] };
    case 'interactive':
      return renderInteractive(isObject(body.interactive) ? body.interactive : {}, wamid);
    case 'template':
      return { lines: [renderTemplate(isObject(body.template) ? body.template : {})], choices: [] };
    default: {
      const content = isObject(body[type]) ? body[type] : {};
      const caption = str(content.caption);
      return { lines: [`[${type}${caption ? `: ${caption}` : ''}]`], choices: [] };
    }
  }
}

function renderInteractive(interactive: Json, wamid: string): RenderedMessage {
  const lines: string[] = [];
  const header = isObject(interactive.header) ? str(interactive.header.text) : '';
  if (header) lines.push(`*${header}*`);
  lines.push(...textOf(interactive.body).split('\n'));
  const footer = textOf(interactive.footer);
  if (footer) lines.push(`(${footer})`);
  const action = isObject(interactive.action) ? interactive.action : {};
  const choices: ChatChoice[] = [];
  const numbered = (choice: ChatChoice): string => {
    choices.push(choice);
    return `${choices.length}) ${choice.title}${choice.description ? ` - ${choice.description}` : ''}`;
  };
  if (str(interactive.type) === 'button') {
    for (const button of objects(action.buttons)) {
      const reply = isObject(button.reply) ? button.reply : {};
      lines.push(numbered({ reply: 'button_reply', id: str(reply.id), title: str(reply.title), offeredIn: wamid }));
    }
  } else if (str(interactive.type) === 'list') {
    const button = str(action.button);
    if (button) lines.push(`[${button}]`);
    for (const section of objects(action.sections)) {
      const title = str(section.title);
      if (title) lines.push(`${title}:`);
      for (const row of objects(section.rows)) {
        const description = str(row.description) || undefined;
        lines.push(`  ${numbered({ reply: 'list_reply', id: str(row.id), title: str(row.title), description, offeredIn: wamid })}`);
      }
    }
  } else {
    lines.push(`[interactive ${str(interactive.type) || 'message'}]`);
  }
  return { lines, choices };
}

/** `[template appointment_reminder (fr)] body: "Marie", "7 déc. 09:00"; button 0: CONFIRM` */
function renderTemplate(template: Json): string {
  const language = isObject(template.language) ? str(template.language.code) : '';
  const parts = objects(template.components).map((component) => {
    const values = objects(component.parameters).map((p) => {
      const type = str(p.type);
      if (type === 'text') return `"${str(p.text)}"`;
      if (type === 'payload') return str(p.payload);
      return `[${type}]`;
    });
    const label = str(component.type) === 'button' ? `button ${str(component.index)}` : str(component.type);
    return `${label}: ${values.join(', ')}`;
  });
  return `[template ${str(template.name)}${language ? ` (${language})` : ''}]${parts.length ? ` ${parts.join('; ')}` : ''}`;
}

/** Lines under a speaker's label: `clinic> first line`, the next ones aligned under it. */
export function labelled(label: string, lines: readonly string[]): string {
  const prefix = `${label}> `;
  return lines.map((line, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + line).join('\n');
}
