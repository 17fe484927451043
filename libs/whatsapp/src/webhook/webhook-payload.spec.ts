import { parseWebhook } from './webhook-payload';

const PHONE = '106540352242922';
const NOW = new Date('2026-11-21T10:00:00Z');

function change(value: Record<string, unknown>, phoneNumberId = PHONE, field = 'messages'): Record<string, unknown> {
  return { field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } };
}

function body(...changes: Array<Record<string, unknown>>): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes }] };
}

describe(parseWebhook.name, () => {
  it('reads every entry and change, for this phone number only', () => {
    const parsed = parseWebhook(
      {
        object: 'whatsapp_business_account',
        entry: [
          { id: 'A', changes: [change({ contacts: [{ wa_id: '33600000001' }], messages: [{ from: '33600000001', id: 'wamid.1', timestamp: '1763719200', type: 'text', text: { body: 'un' } }] })] },
          {
            id: 'B',
            changes: [
              change({ contacts: [{ wa_id: '33600000002' }], messages: [{ from: '33600000002', id: 'wamid.2', timestamp: '1763719201', type: 'text', text: { body: 'deux' } }] }),
              change({ messages: [{ from: '1', id: 'wamid.x', type: 'text', text: { body: 'not ours' } }] }, '999'),
              change({}, PHONE, 'account_update'),
            ],
          },
        ],
      },
      PHONE,
      NOW,
    );
    expect(parsed?.messages.map((m) => [m.whatsappMessageId, m.text, m.timestamp.toISOString()])).toEqual([
      ['wamid.1', 'un', '2025-11-21T10:00:00.000Z'],
      ['wamid.2', 'deux', '2025-11-21T10:00:01.000Z'],
    ]);
    expect(parsed?.foreignPhoneNumberIds).toEqual(['999']);
    expect(parsed?.otherFields).toEqual(['account_update']);
  });

  it('takes the sender from contacts: wa_id, E.164 phone and profile name; or a business-scoped user id without a phone', () => {
    const parsed = parseWebhook(
      body(
        change({
          contacts: [{ profile: { name: 'Élodie' }, wa_id: '33611223344' }],
          messages: [{ from: '33611223344', id: 'wamid.1', type: 'text', text: { body: 'hi' } }],
        }),
        change({
          contacts: [{ profile: { name: 'No Phone' }, user_id: 'US.13491208655302741918' }],
          messages: [{ from_user_id: 'US.13491208655302741918', id: 'wamid.2', type: 'text', text: { body: 'hi' } }],
        }),
      ),
      PHONE,
      NOW,
    );
    expect(parsed?.messages.map((m) => m.sender)).toEqual([
      { waId: '33611223344', userId: null, phone: '+33611223344', profileName: 'Élodie' },
      { waId: null, userId: 'US.13491208655302741918', phone: null, profileName: 'No Phone' },
    ]);
  });

  it('reads the text of replies, template buttons, locations and captions, and the media of images and documents', () => {
    const from = '33600000009';
    const messages = [
      { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Oui' } } },
      { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Lundi', description: '9:00' } } },
      { type: 'button', button: { payload: 'P', text: 'Confirmer' } },
      { type: 'location', location: { latitude: 1, longitude: 2, name: 'Cabinet' } },
      { type: 'image', image: { id: '555', mime_type: 'image/jpeg', sha256: 'abc', caption: 'Carte' } },
      { type: 'document', document: { id: '556', mime_type: 'application/pdf', filename: 'a.pdf' } },
      { type: 'sticker', sticker: { id: '557', mime_type: 'image/webp' } },
      { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
    ].map((m, i) => ({ from, id: `wamid.${i}`, timestamp: '1763719200', ...m }));
    const parsed = parseWebhook(body(change({ contacts: [{ wa_id: from }], messages })), PHONE, NOW);
    expect(parsed?.messages.map((m) => [m.type, m.text, m.media?.id ?? null])).toEqual([
      ['interactive', 'Oui', null],
      ['interactive', 'Lundi', null],
      ['button', 'Confirmer', null],
      ['location', 'Cabinet', null],
      ['image', 'Carte', '555'],
      ['document', null, '556'],
      ['sticker', null, '557'],
      ['unsupported', null, null],
    ]);
    expect(parsed?.messages[7].payload).toMatchObject({ errors: [{ code: 131051 }] });
  });

  it('reads statuses with Meta\'s errors and our tracking id (biz_opaque_callback_data), and skips unknown statuses', () => {
    const parsed = parseWebhook(
      body(
        change({
          statuses: [
            { id: 'wamid.a', status: 'delivered', timestamp: '1763719200', recipient_id: '336' },
            { id: 'wamid.b', status: 'failed', timestamp: '1763719200', errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'x' } }] },
            { id: 'wamid.c', status: 'deleted', timestamp: '1763719200' },
            { id: 'wamid.d', status: 'sent', timestamp: '1763719200', biz_opaque_callback_data: '0f8e3c1a-5b2d-4c6e-9a7b-1d2e3f4a5b6c' },
          ],
        }),
      ),
      PHONE,
      NOW,
    );
    expect(parsed?.statuses).toEqual([
      { whatsappMessageId: 'wamid.a', status: 'delivered', timestamp: new Date('2025-11-21T10:00:00Z'), error: null },
      { whatsappMessageId: 'wamid.b', status: 'failed', timestamp: new Date('2025-11-21T10:00:00Z'), error: { errors: [{ code: 131026, title: 'Message undeliverable', details: 'x' }] } },
      { whatsappMessageId: 'wamid.d', status: 'sent', timestamp: new Date('2025-11-21T10:00:00Z'), error: null, trackingId: '0f8e3c1a-5b2d-4c6e-9a7b-1d2e3f4a5b6c' },
    ]);
  });

  it('returns null for a body that is not a notification, and skips messages without id or sender', () => {
    expect(parseWebhook({ hello: 'world' }, PHONE)).toBeNull();
    expect(parseWebhook('text', PHONE)).toBeNull();
    const parsed = parseWebhook(body(change({ messages: [{ type: 'text', text: { body: 'no id' } }, { id: 'wamid.z', type: 'text' }] })), PHONE, NOW);
    expect(parsed?.messages).toEqual([]);
  });

  it('uses the time of reception when the timestamp is missing', () => {
    const parsed = parseWebhook(body(change({ contacts: [{ wa_id: '1234567' }], messages: [{ from: '1234567', id: 'wamid.t', type: 'text', text: { body: 'x' } }] })), PHONE, NOW);
    expect(parsed?.messages[0].timestamp).toEqual(NOW);
  });
});
