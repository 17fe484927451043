import type { EngineResult, UpcomingAppointment } from '../engine/engine-types';
import type { Turn } from '../engine/turn';
import { matchIntent } from '../nlp/intents';
import { notUnderstood, showMenu } from './menu-flow';
import { offerSlots } from './slots-step';
import { pickedNumber } from './text-match';

export const APPT = { cancel: 'appt:cancel', move: 'appt:move', keep: 'appt:keep', yes: 'appt:yes', no: 'appt:no' } as const;

/** "My appointments": the upcoming ones as a list. */
export async function startAppointments(turn: Turn): Promise<EngineResult> {
  const upcoming = turn.patientId ? await turn.ports.upcoming(turn.patientId) : [];
  if (upcoming.length === 0) {
    turn.say(turn.t('appts.none'));
    return showMenu(turn, false);
  }
  if (upcoming.length === 1 && matchIntent(turn.text, turn.language) === 'cancel') return askCancel(turn, upcoming[0]);
  turn.list(
    turn.t('appts.list_body'),
    turn.t('appts.list_button'),
    upcoming.map((a) => ({
      id: `appt:${a.id}`,
      title: turn.t('appts.row', { date: turn.date(a.start), time: turn.time(a.start) }),
      description: turn.t('appts.row_desc', { treatment: turn.name(a.treatmentName), practitioner: a.practitionerName }),
    })),
  );
  return turn.done('APPTS_LIST', {});
}

async function chosenAppointment(turn: Turn, id: string | undefined): Promise<UpcomingAppointment | undefined> {
  const upcoming = turn.patientId ? await turn.ports.upcoming(turn.patientId) : [];
  const number = pickedNumber(turn.text);
  return upcoming.find((a) => a.id === id) ?? (number ? upcoming[number - 1] : undefined);
}

export async function onAppointmentChosen(turn: Turn): Promise<EngineResult> {
  const appointment = await chosenAppointment(turn, turn.choice?.slice('appt:'.length));
  if (!appointment) return notUnderstood(turn);
  const params = { treatment: turn.name(appointment.treatmentName), practitioner: appointment.practitionerName, date: turn.date(appointment.start), time: turn.time(appointment.start) };
  turn.buttons(turn.t('appts.actions', params), [
    { id: APPT.cancel, title: turn.t('appts.cancel.button') },
    { id: APPT.move, title: turn.t('appts.reschedule.button') },
    { id: APPT.keep, title: turn.t('appts.keep.button') },
  ]);
  return turn.done('APPT_ACTIONS', { appointmentId: appointment.id });
}

function askCancel(turn: Turn, appointment: UpcomingAppointment): EngineResult {
  turn.buttons(turn.t('appts.cancel_confirm', { date: turn.date(appointment.start), time: turn.time(appointment.start) }), [
    { id: APPT.yes, title: turn.t('common.yes.button') },
    { id: APPT.no, title: turn.t('common.no.button') },
  ]);
  return turn.done('APPT_CANCEL_CONFIRM', { appointmentId: appointment.id });
}

export async function onAppointmentAction(turn: Turn): Promise<EngineResult> {
  const appointment = await chosenAppointment(turn, turn.context.appointmentId);
  if (!appointment) return startAppointments(turn);
  const intent = matchIntent(turn.text, turn.language);
  if (turn.choice === APPT.cancel || intent === 'cancel') return askCancel(turn, appointment);
  if (turn.choice === APPT.move) {
    return offerSlots(turn, { rescheduleId: appointment.id, treatmentId: appointment.treatmentId, practitionerId: appointment.practitionerId }, turn.now);
  }
  if (turn.choice === APPT.keep || intent === 'no') {
    turn.say(turn.t('appts.kept'));
    return turn.done('IDLE', {});
  }
  return notUnderstood(turn);
}

export async function onCancelConfirm(turn: Turn): Promise<EngineResult> {
  const appointment = await chosenAppointment(turn, turn.context.appointmentId);
  const intent = matchIntent(turn.text, turn.language);
  if (appointment && (turn.choice === APPT.yes || intent === 'yes' || intent === 'cancel')) {
    await turn.ports.cancel(appointment.id);
    turn.say(turn.t('appts.cancelled', { date: turn.date(appointment.start), time: turn.time(appointment.start) }));
    return turn.done('IDLE', {});
  }
  if (turn.choice === APPT.no || intent === 'no') {
    turn.say(turn.t('appts.kept'));
    return turn.done('IDLE', {});
  }
  return notUnderstood(turn);
}

/** A reminder's quick reply: "I'll be there" thanks the patient; "Cancel" asks to confirm the cancellation. */
export async function onReminderReply(turn: Turn, choice: string): Promise<EngineResult> {
  const [, action, appointmentId] = choice.split(':');
  const upcoming = turn.patientId ? await turn.ports.upcoming(turn.patientId) : [];
  const appointment = upcoming.find((a) => a.id === appointmentId);
  if (!appointment) {
    turn.say(turn.t('appts.unavailable'));
    return showMenu(turn, false);
  }
  if (action === 'cancel') return askCancel(turn, appointment);
  turn.say(turn.t('reminder.confirmed', { date: turn.date(appointment.start), time: turn.time(appointment.start) }));
  return turn.done('IDLE', {});
}
