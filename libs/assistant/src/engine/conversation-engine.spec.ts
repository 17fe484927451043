import { DateTime } from 'luxon';
import { t } from '../i18n/catalog';
import { ConversationEngine } from './conversation-engine';
import type { AssistantPorts, AssistantState, BookingOutcome, EngineConversation, EngineInput, EngineResult, OfferedSlot, RegistrationDraft } from './engine-types';

const ZONE = 'Europe/Paris';
const NOW = new Date('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris

/** The clinic as plain data: one treatment, two practitioners, a slot every 30 minutes from tomorrow 09:00. */
class FakeClinic implements AssistantPorts {
  readonly booked: Array<{ patientId: string; start: string; practitionerId?: string }> = [];
  readonly registered: RegistrationDraft[] = [];
  readonly taken = new Set<string>();
  readonly patients = new Map<string, { id: string; firstName: string | null }>();

  clinic = () => Promise.resolve({ name: 'Cabinet Test', timezone: ZONE, phone: null, email: null, address: '1 rue Test', website: null, openingHours: null, emergencyMessage: 'Appelez le 15.', onboardingFormUrl: null, defaultLanguage: 'fr' });
  treatments = () => Promise.resolve([{ id: 't1', name: { fr: 'Détartrage', en: 'Scaling' } }]);
  practitioners = () => Promise.resolve([{ id: 'p1', name: 'Anne Martin' }, { id: 'p2', name: 'Paul Durand' }]);
  slots = (query: { from: Date; to: Date }): Promise<OfferedSlot[]> => {
    const first = DateTime.fromISO('2026-11-24T09:00', { zone: ZONE });
    const all = Array.from({ length: 20 }, (_, i) => first.plus({ minutes: 30 * i }).toJSDate()).filter((d) => !this.taken.has(d.toISOString()));
    return Promise.resolve(all.filter((d) => d >= query.from && d < query.to).map((start) => ({ start, practitionerIds: ['p1', 'p2'] })));
  };
  patientByPhone = (phone: string) => Promise.resolve(this.patients.get(phone) ?? null);
  patientFirstName = () => Promise.resolve(null);
  registerPatient = (phone: string, draft: RegistrationDraft): Promise<string> => {
    this.registered.push(draft);
    this.patients.set(phone, { id: 'new-patient', firstName: draft.firstName ?? null });
    return Promise.resolve('new-patient');
  };
  book = (request: { patientId: string; practitionerId?: string; start: Date }): Promise<BookingOutcome> => {
    if (this.taken.has(request.start.toISOString())) return Promise.resolve({ ok: false, reason: 'taken' });
    this.booked.push({ patientId: request.patientId, start: request.start.toISOString(), practitionerId: request.practitionerId });
    return Promise.resolve({ ok: true, start: request.start, practitionerId: request.practitionerId ?? 'p1' });
  };
  reschedule = (_id: string, start: Date): Promise<BookingOutcome> => Promise.resolve({ ok: true, start, practitionerId: 'p1' });
  upcoming = () => Promise.resolve([]);
  cancel = () => Promise.resolve();
  treatmentName = () => Promise.resolve({ fr: 'Détartrage', en: 'Scaling' });
  practitionerName = (id: string) => Promise.resolve(id === 'p1' ? 'Anne Martin' : 'Paul Durand');
}

const conversationIn = (state: AssistantState, extra: Partial<EngineConversation> = {}): EngineConversation => ({
  state,
  context: {},
  language: 'fr',
  languageChosen: false,
  patientId: null,
  phone: '+33600000001',
  withStaff: false,
  ...extra,
});

const text = (value: string): EngineInput => ({ kind: 'text', text: value });
const tap = (id: string): EngineInput => ({ kind: 'choice', id, title: id });

describe(ConversationEngine.name, () => {
  const engine = new ConversationEngine();
  let clinic: FakeClinic;
  /** Runs a message from the state a previous result left. */
  const next = (from: EngineResult, input: EngineInput, extra: Partial<EngineConversation> = {}): Promise<EngineResult> =>
    engine.handle(conversationIn(from.state, { context: from.context, language: from.language, languageChosen: from.languageChosen, patientId: from.patientId ?? null, ...extra }), input, clinic, NOW);

  beforeEach(() => {
    clinic = new FakeClinic();
  });

  it('greets a first message with the clinic\'s name and the menu', async () => {
    const result = await engine.handle(conversationIn('IDLE'), text('Bonjour'), clinic, NOW);
    expect(result.state).toBe('MENU');
    expect(result.replies[0]).toEqual({ kind: 'text', body: t('fr', 'menu.greeting', { name: '', clinic: 'Cabinet Test' }) });
    expect(result.replies[1]).toMatchObject({ kind: 'list', body: t('fr', 'menu.body') });
  });

  it('walks a new patient through practitioner, slot, details and confirmation, then books', async () => {
    let result = await engine.handle(conversationIn('MENU'), tap('menu:book'), clinic, NOW);
    expect(result.state).toBe('BOOK_PRACTITIONER');
    result = await next(result, tap('practitioner:any'));
    expect(result.state).toBe('BOOK_SLOT');
    const rows = result.replies[0].kind === 'list' ? result.replies[0].sections[0].rows.map((r) => r.id) : [];
    expect(rows).toHaveLength(10);
    expect(rows.slice(-2)).toEqual(['slots:later', 'slots:day']);
    result = await next(result, tap(rows[1]));
    expect(result.state).toBe('REG_FIRST_NAME');
    for (const [answer, state] of [
      ['Marie', 'REG_LAST_NAME'],
      ['Dupont', 'REG_BIRTH_DATE'],
      ['32/01/1990', 'REG_BIRTH_DATE'],
      ['12/04/1985', 'REG_EMAIL'],
      ['pas un e-mail', 'REG_EMAIL'],
      ['marie@example.org', 'REG_INSURANCE'],
    ] as const) {
      result = await next(result, text(answer));
      expect([answer, result.state]).toEqual([answer, state]);
    }
    result = await next(result, tap('reg:no'));
    expect(result.state).toBe('BOOK_CONFIRM');
    expect(result.replies[0]).toMatchObject({ kind: 'buttons', buttons: [{ id: 'book:confirm' }, { id: 'book:cancel' }] });
    result = await next(result, tap('book:confirm'));
    expect(result.state).toBe('IDLE');
    expect(clinic.registered).toEqual([{ firstName: 'Marie', lastName: 'Dupont', birthDate: '1985-04-12', email: 'marie@example.org', hasSocialInsurance: false, socialInsuranceType: null, beneficiaryNumber: null }]);
    expect(clinic.booked).toEqual([{ patientId: 'new-patient', start: '2026-11-24T08:30:00.000Z', practitionerId: undefined }]);
    expect(result.replies[0]).toMatchObject({ kind: 'text', body: expect.stringContaining('mardi 24 novembre') });
  });

  it('shows later times, then a day asked in words', async () => {
    let result = await engine.handle(conversationIn('BOOK_PRACTITIONER', { context: { treatmentId: 't1' } }), tap('practitioner:p2'), clinic, NOW);
    result = await next(result, tap('slots:later'));
    const titles = result.replies[0].kind === 'list' ? result.replies[0].sections[0].rows.map((r) => r.title) : [];
    expect(titles[0]).toContain('13:00');
    result = await next(result, tap('slots:day'));
    expect(result.state).toBe('BOOK_DAY');
    result = await next(result, text('demain après-midi'));
    const afternoon = result.replies.find((r) => r.kind === 'list');
    // Afternoon is from noon: the first row is tomorrow 12:00, none before.
    expect(afternoon && afternoon.kind === 'list' ? afternoon.sections[0].rows[0].title : '').toContain('12:00');
  });

  it('apologises and offers fresh slots when the slot is taken at confirmation', async () => {
    const slot = '2026-11-24T08:00:00.000Z';
    const result = await engine.handle(
      conversationIn('BOOK_CONFIRM', { patientId: 'known', context: { treatmentId: 't1', slot } }),
      tap('book:confirm'),
      Object.assign(clinic, { book: () => Promise.resolve({ ok: false, reason: 'taken' } as const) }),
      NOW,
    );
    expect(result.state).toBe('BOOK_SLOT');
    expect(result.replies[0]).toMatchObject({ kind: 'list', body: t('fr', 'book.slot_taken') });
  });

  it('answers an emergency in any state and keeps the state and its context', async () => {
    const before = conversationIn('BOOK_SLOT', { context: { treatmentId: 't1', slotsFrom: NOW.toISOString() } });
    const result = await engine.handle(before, text('URGENCE je saigne beaucoup'), clinic, NOW);
    expect(result.replies).toEqual([{ kind: 'text', body: 'Appelez le 15.' }]);
    expect(result.state).toBe('BOOK_SLOT');
    expect(result.context).toEqual(before.context);
  });

  it('stays silent while staff hold the conversation, except for an emergency', async () => {
    expect((await engine.handle(conversationIn('IDLE', { withStaff: true }), text('Bonjour ?'), clinic, NOW)).replies).toEqual([]);
    expect((await engine.handle(conversationIn('IDLE', { withStaff: true }), text('urgence'), clinic, NOW)).replies).toHaveLength(1);
  });

  it('opts out on STOP, but reads "Alto" as a last name where a name is asked', async () => {
    expect((await engine.handle(conversationIn('MENU'), text('STOP'), clinic, NOW)).optOut).toBe(true);
    const asName = await engine.handle(conversationIn('REG_LAST_NAME'), text('Alto'), clinic, NOW);
    expect(asName.optOut).toBeUndefined();
    expect(asName.state).toBe('REG_BIRTH_DATE');
  });

  it('switches language on a tap or when asked in words, and detects it from a sentence', async () => {
    expect((await engine.handle(conversationIn('LANGUAGE'), tap('lang:de'), clinic, NOW)).language).toBe('de');
    const asked = await engine.handle(conversationIn('MENU'), text('English please'), clinic, NOW);
    expect([asked.language, asked.languageChosen]).toEqual(['en', true]);
    const detected = await engine.handle(conversationIn('IDLE'), text('Buongiorno, vorrei prenotare un appuntamento'), clinic, NOW);
    expect(detected.language).toBe('it');
    const greeted = await engine.handle(conversationIn('IDLE'), text('Hallo'), clinic, NOW);
    expect(greeted.language).toBe('de');
  });

  it('re-prompts instead of staying silent on what it cannot read', async () => {
    for (const input of [text('xqzv wpl'), { kind: 'other', type: 'sticker' } as EngineInput, { kind: 'other', type: 'location' } as EngineInput]) {
      const result = await engine.handle(conversationIn('MENU'), input, clinic, NOW);
      expect(result.replies.length).toBeGreaterThan(0);
    }
  });
});
