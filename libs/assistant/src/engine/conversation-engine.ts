import { Injectable } from '@nestjs/common';
import { onAppointmentAction, onAppointmentChosen, onCancelConfirm, onReminderReply, startAppointments } from '../flows/appointments-flow';
import { onConfirm, onDay, onPractitioner, onSlot, onTreatment, startBooking, summary } from '../flows/booking-flow';
import { MENU, chooseLanguage, clinicInfo, handOff, notUnderstood, setLanguage, showMenu } from '../flows/menu-flow';
import { onRegistration } from '../flows/registration-flow';
import { detectLanguage } from '../nlp/detect-language';
import { greetingLanguage, isEmergency, matchIntent, matchLanguageChoice } from '../nlp/intents';
import type { AssistantPorts, AssistantState, EngineConversation, EngineInput, EngineResult } from './engine-types';
import { Turn } from './turn';

type StateHandler = (turn: Turn) => Promise<EngineResult>;

/** States where the patient types a free answer: greeting words there are answers, not a request for the menu. */
const FREE_ANSWER_STATES = new Set<AssistantState>(['REG_FIRST_NAME', 'REG_LAST_NAME', 'REG_INSURANCE_TYPE', 'REG_BENEFICIARY']);

const REGISTRATION_STATES = new Set<AssistantState>([
  'REG_FIRST_NAME',
  'REG_LAST_NAME',
  'REG_BIRTH_DATE',
  'REG_EMAIL',
  'REG_INSURANCE',
  'REG_INSURANCE_TYPE',
  'REG_BENEFICIARY',
  'REG_CARD',
]);

/** What each state does with the next message (registration states share one handler). */
const HANDLERS: Partial<Record<AssistantState, StateHandler>> = {
  BOOK_TREATMENT: onTreatment,
  BOOK_PRACTITIONER: onPractitioner,
  BOOK_SLOT: onSlot,
  BOOK_DAY: onDay,
  BOOK_CONFIRM: onConfirm,
  APPTS_LIST: onAppointmentChosen,
  APPT_ACTIONS: onAppointmentAction,
  APPT_CANCEL_CONFIRM: onCancelConfirm,
};

/**
 * The assistant's conversation engine: one inbound message and the conversation's state in, the next state and the
 * replies out. No HTTP, no storage: what it needs of the clinic comes through AssistantPorts. Rules before any state:
 * an emergency is answered at once, in any state (even while staff hold the conversation); a conversation held by
 * staff gets nothing else; STOP and START; the menu and language choices work everywhere.
 */
@Injectable()
export class ConversationEngine {
  async handle(conversation: EngineConversation, input: EngineInput, ports: AssistantPorts, now = new Date()): Promise<EngineResult> {
    const turn = new Turn(conversation, input, ports, await ports.clinic(), now);
    if (turn.text && isEmergency(turn.text)) {
      turn.say(turn.clinic.emergencyMessage ?? turn.t('emergency.default'));
      return turn.done(conversation.state, conversation.context);
    }
    if (conversation.withStaff) return turn.done(conversation.state, conversation.context);

    if (input.kind === 'text' && !turn.languageChosen) {
      // A sentence is detected; a bare greeting ("Hallo") tells its language when only one language has it.
      turn.language = detectLanguage(turn.text) ?? (conversation.state === 'IDLE' ? greetingLanguage(turn.text) : null) ?? turn.language;
    }
    const intent = turn.text ? matchIntent(turn.text, turn.language) : null;
    // In a free answer ("Alto" as a last name), words are answers: STOP and START count elsewhere.
    const freeAnswer = FREE_ANSWER_STATES.has(conversation.state);
    if (intent === 'stop' && !freeAnswer) {
      turn.optOut = true;
      turn.say(turn.t('optout.stopped'));
      return turn.done('IDLE', {});
    }
    if (intent === 'start' && !freeAnswer) {
      turn.optOut = false;
      turn.say(turn.t('optout.started'));
      return showMenu(turn, false);
    }
    if (!turn.patientId && conversation.phone) turn.patientId = (await ports.patientByPhone(conversation.phone))?.id ?? null;

    const global = await this.global(turn, intent);
    if (global) return global;
    return this.byState(turn);
  }

  /** Choices and words that mean the same in every state. */
  private async global(turn: Turn, intent: string | null): Promise<EngineResult | null> {
    const { choice } = turn;
    if (choice?.startsWith('lang:')) return setLanguage(turn, choice);
    if (choice?.startsWith('reminder:')) return onReminderReply(turn, choice);
    switch (choice) {
      case MENU.book:
        return startBooking(turn);
      case MENU.appointments:
        return startAppointments(turn);
      case MENU.info:
        return clinicInfo(turn);
      case MENU.staff:
        return handOff(turn);
      case MENU.language:
        return chooseLanguage(turn);
      default:
        break;
    }
    const state = turn.conversation.state;
    const asked = FREE_ANSWER_STATES.has(state) ? null : matchLanguageChoice(turn.text);
    if (asked) return setLanguage(turn, `lang:${asked}`);
    if (intent === 'menu' && !FREE_ANSWER_STATES.has(state)) return showMenu(turn, state === 'IDLE');
    if (intent === 'staff' && !FREE_ANSWER_STATES.has(state)) return handOff(turn);
    if (state === 'IDLE' || state === 'MENU' || state === 'LANGUAGE') {
      if (intent === 'book') return startBooking(turn);
      if (intent === 'cancel' || intent === 'appointments') return startAppointments(turn);
      if (intent === 'info') return clinicInfo(turn);
      if (intent === 'language') return chooseLanguage(turn);
      if (state === 'IDLE') return showMenu(turn, true);
      if (state === 'LANGUAGE') return chooseLanguage(turn);
      return notUnderstood(turn);
    }
    return null;
  }

  private async byState(turn: Turn): Promise<EngineResult> {
    const state = turn.conversation.state;
    if (REGISTRATION_STATES.has(state)) {
      const step = onRegistration(turn, state);
      return 'complete' in step ? summary(turn, step.complete) : step;
    }
    // A sticker, a location or a photo out of place reaches the state's handler as an empty answer: it re-prompts.
    const handler = HANDLERS[state];
    return handler ? handler(turn) : notUnderstood(turn);
  }
}
