import { labelled, renderMessage } from './render';

/** Graph API request bodies as the server's client builds them (libs/whatsapp message-payload.ts). */
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '33612345678' };

describe(renderMessage.name, () => {
  it('shows a text message line by line, with no choices', () => {
    expect(renderMessage({ ...envelope, type: 'text', text: { preview_url: false, body: 'Bonjour Marie,\nque puis-je faire ?' } }, 'wamid.1')).toEqual({
      lines: ['Bonjour Marie,', 'que puis-je faire ?'],
      choices: [],
    });
  });

  it('numbers reply buttons and keeps their ids for the answer', () => {
    const body = {
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Rendez-vous' },
        body: { text: 'Lundi 7 décembre à 09:00 ?' },
        footer: { text: 'Clinique Démo' },
        action: { buttons: [{ type: 'reply', reply: { id: 'confirm', title: 'Confirm' } }, { type: 'reply', reply: { id: 'change', title: 'Change' } }] },
      },
    };
    const rendered = renderMessage(body, 'wamid.buttons');
    expect(rendered.lines).toEqual(['*Rendez-vous*', 'Lundi 7 décembre à 09:00 ?', '(Clinique Démo)', '1) Confirm', '2) Change']);
    expect(rendered.choices).toEqual([
      { reply: 'button_reply', id: 'confirm', title: 'Confirm', offeredIn: 'wamid.buttons' },
      { reply: 'button_reply', id: 'change', title: 'Change', offeredIn: 'wamid.buttons' },
    ]);
  });

  it('shows a list as its button and sections, numbering rows across sections', () => {
    const body = {
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Choisissez un créneau' },
        action: {
          button: 'Créneaux',
          sections: [
            { title: 'Lundi', rows: [{ id: 'slot:1', title: '09:00', description: 'Dr Martin' }, { id: 'slot:2', title: '09:30' }] },
            { title: 'Mardi', rows: [{ id: 'slot:3', title: '14:00', description: 'Dr Bernard' }] },
          ],
        },
      },
    };
    const rendered = renderMessage(body, 'wamid.list');
    expect(rendered.lines).toEqual(['Choisissez un créneau', '[Créneaux]', 'Lundi:', '  1) 09:00 - Dr Martin', '  2) 09:30', 'Mardi:', '  3) 14:00 - Dr Bernard']);
    expect(rendered.choices[2]).toEqual({ reply: 'list_reply', id: 'slot:3', title: '14:00', description: 'Dr Bernard', offeredIn: 'wamid.list' });
  });

  it('shows a template by name, language and parameters', () => {
    const body = {
      ...envelope,
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'fr' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'Marie' }, { type: 'text', text: '7 déc. 09:00' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'CONFIRM' }] },
        ],
      },
    };
    expect(renderMessage(body, 'wamid.t').lines).toEqual(['[template appointment_reminder (fr)] body: "Marie", "7 déc. 09:00"; button 0: CONFIRM']);
  });

  it('names other message types instead of failing', () => {
    expect(renderMessage({ ...envelope, type: 'image', image: { id: '1', caption: 'Plan' } }, 'w').lines).toEqual(['[image: Plan]']);
  });
});

describe(labelled.name, () => {
  it("puts the speaker before the first line and aligns the others under it", () => {
    expect(labelled('clinic', ['Bonjour', '1) Confirm'])).toBe('clinic> Bonjour\n        1) Confirm');
  });
});
