import { DateTime } from 'luxon';
import type { AssistantContext, EngineResult, OfferedSlot } from '../engine/engine-types';
import type { Turn } from '../engine/turn';
import { parseWhen } from '../nlp/parse-when';
import { showMenu } from './menu-flow';

/** Slots offered per page (with "later times" and "another day", a list's ten rows). */
const PAGE = 8;
/** How far ahead one search looks; a search finding nothing looks once more, up to the horizon the clinic sets. */
const SEARCH_DAYS = [14, 90];

export const SLOTS = { later: 'slots:later', day: 'slots:day' } as const;
export const slotId = (start: Date): string => `slot:${start.toISOString()}`;

/** A short local label for a list row: "lun. 23 nov. · 09:00" (≤ 24 characters). */
function rowTitle(turn: Turn, start: Date): string {
  return `${turn.shortDate(start)} · ${turn.time(start)}`;
}

async function search(turn: Turn, context: AssistantContext, from: Date, days: number): Promise<OfferedSlot[]> {
  return turn.ports.slots({
    treatmentId: context.treatmentId as string,
    practitionerId: context.practitionerId,
    from,
    to: DateTime.fromJSDate(from).plus({ days }).toJSDate(),
    excludeAppointmentId: context.rescheduleId,
  });
}

/** A page of the nearest free slots from `from`, with "later times" and "another day". */
export async function offerSlots(turn: Turn, context: AssistantContext, from: Date, intro?: string): Promise<EngineResult> {
  let slots: OfferedSlot[] = [];
  for (const days of SEARCH_DAYS) {
    slots = await search(turn, context, from, days);
    if (slots.length > 0) break;
  }
  const treatment = turn.name(await turn.ports.treatmentName(context.treatmentId as string));
  if (slots.length === 0) {
    turn.say(turn.t('book.no_slots', { treatment }));
    return showMenu(turn, false);
  }
  const page = slots.slice(0, PAGE);
  const rows = page.map((slot) => ({ id: slotId(slot.start), title: rowTitle(turn, slot.start), description: turn.date(slot.start) }));
  if (slots.length > PAGE) rows.push({ id: SLOTS.later, title: turn.t('book.later.row'), description: '' });
  rows.push({ id: SLOTS.day, title: turn.t('book.pick_day.row'), description: '' });
  turn.list(intro ?? turn.t('book.choose_slot', { treatment }), turn.t('book.slots.list_button'), rows);
  const next = slots[PAGE] ? new Date(slots[PAGE].start) : undefined;
  return turn.done('BOOK_SLOT', { ...context, wish: undefined, slotsFrom: from.toISOString(), slotsNext: next?.toISOString() });
}

/** Slots of one local day (optionally one part of it), or the exact time when the patient named one that is free. */
export async function offerDay(turn: Turn, context: AssistantContext, wish: NonNullable<AssistantContext['wish']>): Promise<EngineResult | { exact: OfferedSlot }> {
  const zone = turn.clinic.timezone;
  const dayStart = DateTime.fromISO(wish.date, { zone }).startOf('day');
  const from = DateTime.max(dayStart, DateTime.fromJSDate(turn.now)).toJSDate();
  const slots = (await search(turn, context, from, 1)).filter((slot) => DateTime.fromJSDate(slot.start, { zone }).hasSame(dayStart, 'day'));
  if (wish.time) {
    const exact = slots.find((slot) => DateTime.fromJSDate(slot.start, { zone }).toFormat('HH:mm') === wish.time);
    if (exact) return { exact };
  }
  const hour = (slot: OfferedSlot): number => DateTime.fromJSDate(slot.start, { zone }).hour;
  const inPart = slots.filter((slot) => {
    if (wish.partOfDay === 'morning') return hour(slot) < 12;
    if (wish.partOfDay === 'afternoon') return hour(slot) >= 12 && hour(slot) < 18;
    if (wish.partOfDay === 'evening') return hour(slot) >= 17;
    return true;
  });
  const offered = inPart.length > 0 ? inPart : slots;
  const label = turn.date(dayStart.toJSDate());
  if (offered.length === 0) {
    return offerSlots(turn, context, dayStart.plus({ days: 1 }).toJSDate(), `${turn.t('book.no_slots_day', { date: label })}\n${turn.t('book.choose_slot', { treatment: turn.name(await turn.ports.treatmentName(context.treatmentId as string)) })}`);
  }
  if (wish.time) turn.say(turn.t('book.time_not_free', { date: label, time: wish.time }));
  const rows = offered.slice(0, 9).map((slot) => ({ id: slotId(slot.start), title: rowTitle(turn, slot.start), description: label }));
  rows.push({ id: SLOTS.day, title: turn.t('book.pick_day.row'), description: '' });
  turn.list(turn.t('book.choose_slot', { treatment: turn.name(await turn.ports.treatmentName(context.treatmentId as string)) }), turn.t('book.slots.list_button'), rows);
  return turn.done('BOOK_SLOT', { ...context, wish: undefined, slotsFrom: from.toISOString(), slotsNext: undefined });
}

/** Reads a day from free text in the clinic's zone, or null. */
export function wishFrom(turn: Turn): AssistantContext['wish'] | null {
  if (!turn.text) return null;
  return parseWhen(turn.text, turn.language, turn.clinic.timezone, turn.now);
}
