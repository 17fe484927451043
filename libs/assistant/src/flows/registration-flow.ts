import { isEmail } from 'class-validator';
import { DateTime } from 'luxon';
import type { AssistantContext, AssistantState, EngineResult, RegistrationDraft } from '../engine/engine-types';
import type { Turn } from '../engine/turn';
import { matchIntent } from '../nlp/intents';
import { parseBirthDate } from '../nlp/parse-birth-date';

export const REG = { yes: 'reg:yes', no: 'reg:no', skip: 'reg:skip' } as const;

/** A name as people write it: letters, spaces, apostrophes and hyphens, 1 to 100 characters. */
const NAME = /^[\p{L}][\p{L}\p{M}' .-]{0,99}$/u;
/** A social security or beneficiary number: digits, letters and spaces, 5 to 30 characters. */
const BENEFICIARY = /^[\p{L}\p{N} ]{5,30}$/u;
const SCHEME = /^[\p{L}\p{N}' .-]{2,60}$/u;

/** Asks the question of a registration state. */
export function askRegistration(turn: Turn, context: AssistantContext, state: AssistantState): EngineResult {
  switch (state) {
    case 'REG_FIRST_NAME':
      turn.say(turn.t('reg.first_name'));
      break;
    case 'REG_LAST_NAME':
      turn.say(turn.t('reg.last_name'));
      break;
    case 'REG_BIRTH_DATE':
      turn.say(turn.t('reg.birth_date'));
      break;
    case 'REG_EMAIL':
      turn.buttons(turn.t('reg.email'), [{ id: REG.skip, title: turn.t('common.skip.button') }]);
      break;
    case 'REG_INSURANCE':
      turn.buttons(turn.t('reg.insurance'), [
        { id: REG.yes, title: turn.t('common.yes.button') },
        { id: REG.no, title: turn.t('common.no.button') },
      ]);
      break;
    case 'REG_INSURANCE_TYPE':
      turn.say(turn.t('reg.insurance_type'));
      break;
    case 'REG_BENEFICIARY':
      turn.say(turn.t('reg.beneficiary'));
      break;
    case 'REG_CARD':
      turn.buttons(turn.t('reg.card_photo'), [{ id: REG.skip, title: turn.t('common.skip.button') }]);
      break;
    default:
      throw new Error(`Not a registration state: ${state}`);
  }
  return turn.done(state, context);
}

function withDraft(context: AssistantContext, patch: RegistrationDraft): AssistantContext {
  return { ...context, registration: { ...context.registration, ...patch } };
}

const skipped = (turn: Turn): boolean => turn.choice === REG.skip || matchIntent(turn.text, turn.language) === 'skip';

/**
 * One answer of the registration, in a fixed order: first name, last name, birth date, e-mail (optional), social
 * insurance (yes/no), scheme and number, photo of the card (optional). Returns the next question, or the completed
 * context (the caller shows the summary). A wrong answer asks again, with the reason where there is one.
 */
export function onRegistration(turn: Turn, state: AssistantState): EngineResult | { complete: AssistantContext } {
  const context = turn.context;
  const text = turn.text;
  switch (state) {
    case 'REG_FIRST_NAME':
    case 'REG_LAST_NAME': {
      if (!NAME.test(text)) return askRegistration(turn, context, state);
      const key = state === 'REG_FIRST_NAME' ? 'firstName' : 'lastName';
      return askRegistration(turn, withDraft(context, { [key]: text }), state === 'REG_FIRST_NAME' ? 'REG_LAST_NAME' : 'REG_BIRTH_DATE');
    }
    case 'REG_BIRTH_DATE': {
      const birthDate = parseBirthDate(text, DateTime.fromJSDate(turn.now, { zone: turn.clinic.timezone }).toISODate() ?? '');
      if (!birthDate) {
        turn.say(turn.t('reg.birth_date_invalid'));
        return turn.done(state, context);
      }
      return askRegistration(turn, withDraft(context, { birthDate }), 'REG_EMAIL');
    }
    case 'REG_EMAIL': {
      if (skipped(turn)) return askRegistration(turn, withDraft(context, { email: null }), 'REG_INSURANCE');
      if (!isEmail(text)) {
        turn.say(turn.t('reg.email_invalid'));
        return askRegistration(turn, context, state);
      }
      return askRegistration(turn, withDraft(context, { email: text.toLowerCase() }), 'REG_INSURANCE');
    }
    case 'REG_INSURANCE': {
      const intent = matchIntent(text, turn.language);
      if (turn.choice === REG.yes || intent === 'yes') return askRegistration(turn, withDraft(context, { hasSocialInsurance: true }), 'REG_INSURANCE_TYPE');
      if (turn.choice === REG.no || intent === 'no') {
        return { complete: withDraft(context, { hasSocialInsurance: false, socialInsuranceType: null, beneficiaryNumber: null }) };
      }
      return askRegistration(turn, context, state);
    }
    case 'REG_INSURANCE_TYPE':
      if (!SCHEME.test(text)) return askRegistration(turn, context, state);
      return askRegistration(turn, withDraft(context, { socialInsuranceType: text }), 'REG_BENEFICIARY');
    case 'REG_BENEFICIARY':
      if (!BENEFICIARY.test(text)) {
        turn.say(turn.t('reg.beneficiary_invalid'));
        return turn.done(state, context);
      }
      return askRegistration(turn, withDraft(context, { beneficiaryNumber: text.replace(/\s+/g, '') }), 'REG_CARD');
    case 'REG_CARD':
      if (turn.input.kind === 'media' && turn.input.mediaType === 'image') {
        turn.say(turn.t('reg.card_received'));
        return { complete: withDraft(context, { insuranceCardMessageId: turn.input.messageId }) };
      }
      if (skipped(turn)) return { complete: context };
      return askRegistration(turn, context, state);
    default:
      throw new Error(`Not a registration state: ${state}`);
  }
}
