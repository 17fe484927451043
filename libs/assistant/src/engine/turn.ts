import type { OutboundContent } from '@sophie/whatsapp';
import { type MessageKey, t } from '../i18n/catalog';
import type { Language } from '../i18n/languages';
import { formatDate, formatShortDate, formatTime, truncate } from '../nlp/format';
import type { AssistantContext, AssistantPorts, AssistantState, ClinicInfo, EngineConversation, EngineInput, EngineResult } from './engine-types';

type Params = Record<string, string | number>;

/** One row of a list: our id, and catalog keys or ready text for its title and description. */
export interface Row {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/** How much of a message the assistant reads (a long message is answered from its start). */
const MAX_READ_CHARACTERS = 1000;

/** Meta allows 10 rows in a list and 24 characters in a row title, 72 in a description. */
const MAX_ROWS = 10;

/**
 * One inbound message being handled: the conversation, what was sent, the clinic, and helpers that speak the
 * patient's language. Flows read it and return the next step.
 */
export class Turn {
  language: Language;
  languageChosen: boolean;
  patientId: string | null;
  handoff = false;
  optOut: boolean | undefined;
  readonly replies: OutboundContent[] = [];

  constructor(
    readonly conversation: EngineConversation,
    readonly input: EngineInput,
    readonly ports: AssistantPorts,
    readonly clinic: ClinicInfo,
    readonly now: Date,
  ) {
    this.language = conversation.language;
    this.languageChosen = conversation.languageChosen;
    this.patientId = conversation.patientId;
  }

  get context(): AssistantContext {
    return this.conversation.context;
  }

  /**
   * The text the patient typed (or the caption of what they sent), trimmed; '' otherwise. Only its start is read:
   * WhatsApp lets a patient paste 65,536 characters, and language detection and parsing cost grows with the text.
   */
  get text(): string {
    const raw = this.input.kind === 'text' ? this.input.text : this.input.kind === 'media' ? (this.input.caption ?? '') : '';
    return raw.slice(0, MAX_READ_CHARACTERS).trim();
  }

  /** The id of the button or row the patient tapped, if they tapped one. */
  get choice(): string | null {
    return this.input.kind === 'choice' ? this.input.id : null;
  }

  t(key: MessageKey, params?: Params): string {
    return t(this.language, key, params);
  }

  date(instant: Date): string {
    return formatDate(instant, this.clinic.timezone, this.language);
  }

  /** "lun. 23 nov.": a day short enough for a list row title. */
  shortDate(instant: Date): string {
    return formatShortDate(instant, this.clinic.timezone, this.language);
  }

  time(instant: Date): string {
    return formatTime(instant, this.clinic.timezone, this.language);
  }

  /** A treatment's name in the patient's language, else the clinic's, else any. */
  name(names: Record<string, string>): string {
    return names[this.language] ?? names[this.clinic.defaultLanguage] ?? Object.values(names)[0] ?? '—';
  }

  say(body: string): void {
    this.replies.push({ kind: 'text', body });
  }

  buttons(body: string, buttons: ReadonlyArray<{ id: string; title: string }>): void {
    this.replies.push({ kind: 'buttons', body, buttons: buttons.slice(0, 3).map((b) => ({ id: b.id, title: truncate(b.title, 20) })) });
  }

  list(body: string, buttonText: string, rows: readonly Row[]): void {
    this.replies.push({
      kind: 'list',
      body,
      buttonText: truncate(buttonText, 20),
      sections: [{ rows: rows.slice(0, MAX_ROWS).map((r) => ({ id: r.id, title: truncate(r.title, 24), ...(r.description ? { description: truncate(r.description, 72) } : {}) })) }],
    });
  }

  /** Ends the turn in `state` with `context`. */
  done(state: AssistantState, context: AssistantContext): EngineResult {
    return {
      state,
      context,
      language: this.language,
      languageChosen: this.languageChosen,
      replies: this.replies,
      patientId: this.patientId,
      handoff: this.handoff,
      optOut: this.optOut,
    };
  }
}
