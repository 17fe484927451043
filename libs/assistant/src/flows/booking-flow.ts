import type { AssistantContext, EngineResult } from '../engine/engine-types';
import type { Turn } from '../engine/turn';
import { matchIntent } from '../nlp/intents';
import { notUnderstood, showMenu } from './menu-flow';
import { askRegistration } from './registration-flow';
import { SLOTS, offerDay, offerSlots, wishFrom } from './slots-step';
import { matchByName, pickedNumber } from './text-match';

export const BOOK = { confirm: 'book:confirm', cancel: 'book:cancel', any: 'practitioner:any' } as const;

/** "Book": the treatment first (skipped when the clinic offers one, or the text named one). */
export async function startBooking(turn: Turn, base: AssistantContext = {}): Promise<EngineResult> {
  const treatments = await turn.ports.treatments();
  if (treatments.length === 0) {
    turn.say(turn.t('book.no_treatments'));
    return showMenu(turn, false);
  }
  const wish = wishFrom(turn) ?? undefined;
  const named = matchByName(turn.text, treatments, (t) => Object.values(t.name));
  const only = treatments.length === 1 ? treatments[0] : null;
  if (named ?? only) return afterTreatment(turn, { ...base, wish, treatmentId: (named ?? only)?.id });
  turn.list(
    turn.t('book.choose_treatment'),
    turn.t('book.treatments.list_button'),
    treatments.map((t) => ({ id: `treatment:${t.id}`, title: turn.name(t.name) })),
  );
  return turn.done('BOOK_TREATMENT', { ...base, wish });
}

export async function onTreatment(turn: Turn): Promise<EngineResult> {
  const treatments = await turn.ports.treatments();
  const byChoice = turn.choice?.startsWith('treatment:') ? treatments.find((t) => `treatment:${t.id}` === turn.choice) : undefined;
  const number = pickedNumber(turn.text);
  const chosen = byChoice ?? (number ? treatments[number - 1] : undefined) ?? matchByName(turn.text, treatments, (t) => Object.values(t.name));
  if (!chosen) return notUnderstood(turn);
  return afterTreatment(turn, { ...turn.context, treatmentId: chosen.id });
}

/** Then who: one practitioner is no question; several give "first available" and each name. */
async function afterTreatment(turn: Turn, context: AssistantContext): Promise<EngineResult> {
  const practitioners = await turn.ports.practitioners(context.treatmentId as string);
  if (practitioners.length <= 1) return slotsFor(turn, { ...context, practitionerId: practitioners[0]?.id });
  const named = matchByName(turn.text, practitioners, (p) => [p.name, p.name.split(' ').pop() ?? '']);
  if (named) return slotsFor(turn, { ...context, practitionerId: named.id });
  turn.list(turn.t('book.choose_practitioner'), turn.t('book.practitioners.list_button'), [
    { id: BOOK.any, title: turn.t('book.any_practitioner.row'), description: turn.t('book.any_practitioner.row_desc') },
    ...practitioners.map((p) => ({ id: `practitioner:${p.id}`, title: p.name })),
  ]);
  return turn.done('BOOK_PRACTITIONER', context);
}

export async function onPractitioner(turn: Turn): Promise<EngineResult> {
  const practitioners = await turn.ports.practitioners(turn.context.treatmentId as string);
  if (turn.choice === BOOK.any || pickedNumber(turn.text) === 1) return slotsFor(turn, { ...turn.context, practitionerId: undefined });
  const number = pickedNumber(turn.text);
  const chosen =
    practitioners.find((p) => turn.choice === `practitioner:${p.id}`) ??
    (number ? practitioners[number - 2] : undefined) ??
    matchByName(turn.text, practitioners, (p) => [p.name, p.name.split(' ').pop() ?? '']);
  if (!chosen) return notUnderstood(turn);
  return slotsFor(turn, { ...turn.context, practitionerId: chosen.id });
}

/** The slots: the day the patient named, or the nearest ones. */
async function slotsFor(turn: Turn, context: AssistantContext): Promise<EngineResult> {
  if (context.wish) {
    const day = await offerDay(turn, context, context.wish);
    return 'exact' in day ? picked(turn, context, day.exact.start, day.exact.practitionerIds[0]) : day;
  }
  return offerSlots(turn, context, turn.now);
}

export async function onSlot(turn: Turn): Promise<EngineResult> {
  const context = turn.context;
  if (turn.choice === SLOTS.later && context.slotsNext) return offerSlots(turn, context, new Date(context.slotsNext));
  if (turn.choice === SLOTS.day) {
    turn.say(turn.t('book.ask_day'));
    return turn.done('BOOK_DAY', context);
  }
  if (turn.choice?.startsWith('slot:')) {
    const start = new Date(turn.choice.slice('slot:'.length));
    if (!Number.isNaN(start.getTime())) return pickSlot(turn, context, start);
  }
  const wish = wishFrom(turn);
  if (wish) return slotsFor(turn, { ...context, wish });
  if (matchIntent(turn.text, turn.language) === 'later' && context.slotsNext) return offerSlots(turn, context, new Date(context.slotsNext));
  turn.say(turn.t('common.not_understood'));
  return offerSlots(turn, context, context.slotsFrom ? new Date(context.slotsFrom) : turn.now);
}

export async function onDay(turn: Turn): Promise<EngineResult> {
  const wish = wishFrom(turn);
  if (!wish) {
    turn.say(turn.t('book.day_not_understood'));
    return turn.done('BOOK_DAY', turn.context);
  }
  return slotsFor(turn, { ...turn.context, wish });
}

/** A tapped slot: checked again (it may have gone since the list was sent). */
async function pickSlot(turn: Turn, context: AssistantContext, start: Date): Promise<EngineResult> {
  const free = await turn.ports.slots({
    treatmentId: context.treatmentId as string,
    practitionerId: context.practitionerId,
    from: start,
    to: new Date(start.getTime() + 60_000),
    excludeAppointmentId: context.rescheduleId,
  });
  const slot = free.find((s) => s.start.getTime() === start.getTime());
  if (!slot) return offerSlots(turn, context, turn.now, turn.t('book.slot_taken'));
  return picked(turn, context, start, slot.practitionerIds[0]);
}

/** A free slot is chosen: details first for a patient the clinic does not know, then the summary. */
function picked(turn: Turn, context: AssistantContext, start: Date, practitionerId: string | undefined): Promise<EngineResult> {
  const next: AssistantContext = { ...context, slot: start.toISOString(), slotPractitionerId: practitionerId };
  if (!context.rescheduleId && !turn.patientId) {
    turn.say(turn.t('reg.intro'));
    return Promise.resolve(askRegistration(turn, next, 'REG_FIRST_NAME'));
  }
  return summary(turn, next);
}

/** "Please check: …" with Confirm / Cancel. */
export async function summary(turn: Turn, context: AssistantContext): Promise<EngineResult> {
  const start = new Date(context.slot as string);
  const practitionerId = context.practitionerId ?? context.slotPractitionerId;
  const [treatment, practitioner] = await Promise.all([
    turn.ports.treatmentName(context.treatmentId as string),
    practitionerId ? turn.ports.practitionerName(practitionerId) : Promise.resolve(''),
  ]);
  turn.buttons(turn.t('book.summary', { treatment: turn.name(treatment), practitioner, date: turn.date(start), time: turn.time(start) }), [
    { id: BOOK.confirm, title: turn.t('book.confirm.button') },
    { id: BOOK.cancel, title: turn.t('book.cancel.button') },
  ]);
  return turn.done('BOOK_CONFIRM', context);
}

export async function onConfirm(turn: Turn): Promise<EngineResult> {
  const intent = matchIntent(turn.text, turn.language);
  if (turn.choice === BOOK.cancel || intent === 'no' || intent === 'cancel') {
    turn.say(turn.t('book.aborted'));
    return showMenu(turn, false);
  }
  if (turn.choice !== BOOK.confirm && intent !== 'yes') {
    turn.say(turn.t('common.not_understood'));
    return summary(turn, turn.context);
  }
  const context = turn.context;
  const start = new Date(context.slot as string);
  if (context.rescheduleId) {
    const moved = await turn.ports.reschedule(context.rescheduleId, start);
    if (!moved.ok) return offerSlots(turn, context, turn.now, turn.t('book.slot_taken'));
    turn.say(turn.t('appts.rescheduled', { date: turn.date(moved.start), time: turn.time(moved.start) }));
    return turn.done('IDLE', {});
  }
  if (!turn.patientId) {
    if (!turn.conversation.phone || !context.registration) return notUnderstood(turn);
    turn.patientId = await turn.ports.registerPatient(turn.conversation.phone, context.registration);
  }
  const booked = await turn.ports.book({ patientId: turn.patientId, treatmentId: context.treatmentId as string, practitionerId: context.practitionerId, start });
  if (!booked.ok) return offerSlots(turn, { ...context, registration: undefined }, turn.now, turn.t('book.slot_taken'));
  const [treatment, practitioner] = await Promise.all([turn.ports.treatmentName(context.treatmentId as string), turn.ports.practitionerName(booked.practitionerId)]);
  turn.say(turn.t('book.confirmed', { treatment: turn.name(treatment), practitioner, date: turn.date(booked.start), time: turn.time(booked.start) }));
  return turn.done('IDLE', {});
}
