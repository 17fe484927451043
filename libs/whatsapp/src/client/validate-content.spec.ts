import type { ButtonsContent, ListContent, ListRow, OutboundContent } from './outbound-content';
import { characterCount, validateContent } from './validate-content';
import { ContentRule, WhatsAppContentInvalid } from './whatsapp-errors';

/** The rule `content` breaks, or undefined when it passes. */
function brokenRule(content: OutboundContent): ContentRule | undefined {
  try {
    validateContent(content);
    return undefined;
  } catch (error) {
    if (error instanceof WhatsAppContentInvalid) return error.rule;
    throw error;
  }
}

const chars = (n: number, ch = 'a'): string => ch.repeat(n);
const buttons = (overrides: Partial<ButtonsContent> = {}): ButtonsContent => ({
  kind: 'buttons',
  body: 'Confirmez-vous votre rendez-vous ?',
  buttons: [
    { id: 'yes', title: 'Oui' },
    { id: 'no', title: 'Non' },
  ],
  ...overrides,
});
const rows = (n: number, prefix = 'r'): ListRow[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Créneau ${i}` }));
const list = (overrides: Partial<ListContent> = {}): ListContent => ({
  kind: 'list',
  body: 'Choisissez un créneau',
  buttonText: 'Voir les créneaux',
  sections: [{ rows: rows(3) }],
  ...overrides,
});

describe(validateContent.name, () => {
  describe('character counting', () => {
    it('counts an emoji as one character, not two UTF-16 units', () => {
      expect('😀'.length).toBe(2);
      expect(characterCount('😀')).toBe(1);
      expect(characterCount('Écrivez-nous 👍')).toBe(14);
    });

    it('accepts a 20-character button title made of emoji (40 UTF-16 units)', () => {
      expect(brokenRule(buttons({ buttons: [{ id: 'e', title: chars(20, '😀') }] }))).toBeUndefined();
    });

    it('refuses a 21-character button title made of emoji', () => {
      expect(brokenRule(buttons({ buttons: [{ id: 'e', title: chars(21, '😀') }] }))).toBe('buttons.title.length');
    });
  });

  describe('text', () => {
    it('accepts 1 and 4096 characters', () => {
      expect(brokenRule({ kind: 'text', body: 'x' })).toBeUndefined();
      expect(brokenRule({ kind: 'text', body: chars(4096, 'é') })).toBeUndefined();
    });

    it('refuses an empty body and 4097 characters', () => {
      expect(brokenRule({ kind: 'text', body: '' })).toBe('text.body.length');
      expect(brokenRule({ kind: 'text', body: chars(4097) })).toBe('text.body.length');
    });

    it('reports the rule, the limits and the size, never the text', () => {
      const secret = `Patient Dupont ${chars(4096)}`;
      try {
        validateContent({ kind: 'text', body: secret });
        throw new Error('not refused');
      } catch (error) {
        expect(error).toBeInstanceOf(WhatsAppContentInvalid);
        const invalid = error as WhatsAppContentInvalid;
        expect(invalid.violation).toEqual({ rule: 'text.body.length', path: 'body', min: 1, max: 4096, actual: 4111 });
        expect(invalid.message).not.toContain('Dupont');
        expect(JSON.stringify(invalid)).not.toContain('Dupont');
        expect(invalid.status).toBe(400);
      }
    });
  });

  describe('interactive body, header and footer', () => {
    it('accepts a 1024-character body, a 60-character header and footer', () => {
      expect(brokenRule(buttons({ body: chars(1024), header: chars(60), footer: chars(60) }))).toBeUndefined();
      expect(brokenRule(list({ body: chars(1024), header: chars(60), footer: chars(60) }))).toBeUndefined();
    });

    it('refuses a 1025-character or empty body', () => {
      expect(brokenRule(buttons({ body: chars(1025) }))).toBe('interactive.body.length');
      expect(brokenRule(list({ body: '' }))).toBe('interactive.body.length');
    });

    it('refuses a 61-character header', () => {
      expect(brokenRule(buttons({ header: chars(61) }))).toBe('interactive.header.length');
    });

    it('refuses a 61-character footer', () => {
      expect(brokenRule(list({ footer: chars(61) }))).toBe('interactive.footer.length');
    });
  });

  describe('buttons', () => {
    const three = [
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B' },
      { id: 'c', title: 'C' },
    ];

    it('accepts one and three buttons', () => {
      expect(brokenRule(buttons({ buttons: [{ id: 'a', title: 'A' }] }))).toBeUndefined();
      expect(brokenRule(buttons({ buttons: three }))).toBeUndefined();
    });

    it('refuses no button and four buttons', () => {
      expect(brokenRule(buttons({ buttons: [] }))).toBe('buttons.count');
      expect(brokenRule(buttons({ buttons: [...three, { id: 'd', title: 'D' }] }))).toBe('buttons.count');
    });

    it('accepts an exactly 20-character title and refuses 21 characters or an empty title', () => {
      expect(brokenRule(buttons({ buttons: [{ id: 'a', title: chars(20) }] }))).toBeUndefined();
      expect(brokenRule(buttons({ buttons: [{ id: 'a', title: chars(21) }] }))).toBe('buttons.title.length');
      expect(brokenRule(buttons({ buttons: [{ id: 'a', title: '' }] }))).toBe('buttons.title.length');
    });

    it('accepts a 256-character id and refuses 257 characters or an empty id', () => {
      expect(brokenRule(buttons({ buttons: [{ id: chars(256), title: 'A' }] }))).toBeUndefined();
      expect(brokenRule(buttons({ buttons: [{ id: chars(257), title: 'A' }] }))).toBe('buttons.id.length');
      expect(brokenRule(buttons({ buttons: [{ id: '', title: 'A' }] }))).toBe('buttons.id.length');
    });

    it('refuses two buttons with the same id', () => {
      expect(
        brokenRule(
          buttons({
            buttons: [
              { id: 'same', title: 'A' },
              { id: 'same', title: 'B' },
            ],
          }),
        ),
      ).toBe('buttons.id.unique');
    });
  });

  describe('list', () => {
    it('accepts a 20-character button text and refuses 21 characters or none', () => {
      expect(brokenRule(list({ buttonText: chars(20) }))).toBeUndefined();
      expect(brokenRule(list({ buttonText: chars(21) }))).toBe('list.buttonText.length');
      expect(brokenRule(list({ buttonText: '' }))).toBe('list.buttonText.length');
    });

    it('accepts ten sections of one row and refuses eleven sections or none', () => {
      const sections = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'Row' }] }));
      expect(brokenRule(list({ sections: sections(10) }))).toBeUndefined();
      expect(brokenRule(list({ sections: sections(11) }))).toBe('list.sections.count');
      expect(brokenRule(list({ sections: [] }))).toBe('list.sections.count');
    });

    it('accepts ten rows in all and refuses eleven, even spread over sections', () => {
      expect(brokenRule(list({ sections: [{ rows: rows(10) }] }))).toBeUndefined();
      expect(brokenRule(list({ sections: [{ rows: rows(11) }] }))).toBe('list.rows.count');
      expect(
        brokenRule(
          list({
            sections: [
              { title: 'Matin', rows: rows(6, 'm') },
              { title: 'Après-midi', rows: rows(5, 'a') },
            ],
          }),
        ),
      ).toBe('list.rows.count');
    });

    it('refuses a list without rows and a section without rows', () => {
      expect(brokenRule(list({ sections: [{ rows: [] }] }))).toBe('list.rows.count');
      expect(
        brokenRule(
          list({
            sections: [
              { title: 'A', rows: rows(2) },
              { title: 'B', rows: [] },
            ],
          }),
        ),
      ).toBe('list.section.rows.empty');
    });

    it('accepts a 24-character row title and refuses 25 characters or an empty title', () => {
      expect(brokenRule(list({ sections: [{ rows: [{ id: 'a', title: chars(24) }] }] }))).toBeUndefined();
      expect(brokenRule(list({ sections: [{ rows: [{ id: 'a', title: chars(25) }] }] }))).toBe('list.row.title.length');
      expect(brokenRule(list({ sections: [{ rows: [{ id: 'a', title: '' }] }] }))).toBe('list.row.title.length');
    });

    it('accepts a 72-character row description and refuses 73 characters', () => {
      expect(brokenRule(list({ sections: [{ rows: [{ id: 'a', title: 'A', description: chars(72) }] }] }))).toBeUndefined();
      expect(brokenRule(list({ sections: [{ rows: [{ id: 'a', title: 'A', description: chars(73) }] }] }))).toBe('list.row.description.length');
    });

    it('accepts a 24-character section title and refuses 25 characters', () => {
      expect(brokenRule(list({ sections: [{ title: chars(24), rows: rows(1) }] }))).toBeUndefined();
      expect(brokenRule(list({ sections: [{ title: chars(25), rows: rows(1) }] }))).toBe('list.section.title.length');
    });

    it('lets a single section go without a title but requires titles when there are several', () => {
      expect(brokenRule(list({ sections: [{ rows: rows(2) }] }))).toBeUndefined();
      expect(
        brokenRule(
          list({
            sections: [
              { title: 'Matin', rows: rows(2, 'm') },
              { rows: rows(2, 'a') },
            ],
          }),
        ),
      ).toBe('list.section.title.required');
    });

    it('accepts a 200-character row id and refuses 201 characters or an empty id', () => {
      expect(brokenRule(list({ sections: [{ rows: [{ id: chars(200), title: 'A' }] }] }))).toBeUndefined();
      expect(brokenRule(list({ sections: [{ rows: [{ id: chars(201), title: 'A' }] }] }))).toBe('list.row.id.length');
      expect(brokenRule(list({ sections: [{ rows: [{ id: '', title: 'A' }] }] }))).toBe('list.row.id.length');
    });

    it('refuses the same row id twice, even in different sections', () => {
      expect(
        brokenRule(
          list({
            sections: [
              { title: 'Matin', rows: [{ id: 'x', title: '9:00' }] },
              { title: 'Soir', rows: [{ id: 'x', title: '18:00' }] },
            ],
          }),
        ),
      ).toBe('list.row.id.unique');
    });
  });

  describe('template', () => {
    it('accepts a name and a language', () => {
      expect(brokenRule({ kind: 'template', name: 'appointment_reminder', languageCode: 'fr' })).toBeUndefined();
    });

    it('refuses a missing name or language', () => {
      expect(brokenRule({ kind: 'template', name: ' ', languageCode: 'fr' })).toBe('template.name.required');
      expect(brokenRule({ kind: 'template', name: 'appointment_reminder', languageCode: '' })).toBe('template.language.required');
    });
  });
});
