import { bodyHash, eventBody, eventIdOf, sameEvent } from './event-body';

const facts = {
  appointmentId: '6F1C2B9A-0D3E-4A5B-8C7D-9E0F1A2B3C4D',
  startsAt: new Date('2026-12-01T09:00:00Z'),
  endsAt: new Date('2026-12-01T09:30:00Z'),
  timeZone: 'Europe/Paris',
  treatmentName: 'Détartrage',
  clinicName: 'Cabinet du Lac',
  language: 'fr',
};

describe('calendar event of an appointment', () => {
  it('gets an id of Google base32hex characters, the same for the same appointment', () => {
    const id = eventIdOf(facts.appointmentId);
    expect(id).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(eventIdOf(facts.appointmentId.toLowerCase())).toBe(id);
    expect(eventIdOf('00000000-0000-4000-8000-000000000001')).not.toBe(id);
    expect(() => eventIdOf('not-a-uuid')).toThrow();
  });

  it('names the treatment and the clinic and says nothing about the patient', () => {
    const body = eventBody(facts);
    expect(body.summary).toBe('Détartrage · Cabinet du Lac');
    expect(body.description).toMatch(/tableau de bord/);
    expect(body.start).toEqual({ dateTime: '2026-12-01T09:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(body.transparency).toBe('opaque');
    expect(body.attendees).toBeUndefined();
  });

  it('tells an unchanged event from a moved or cancelled one', () => {
    const body = eventBody(facts);
    const fromGoogle = { ...body, start: { dateTime: '2026-12-01T10:00:00+01:00' }, end: { dateTime: '2026-12-01T10:30:00+01:00' }, etag: '"1"' };
    expect(sameEvent(fromGoogle, body)).toBe(true);
    expect(sameEvent({ ...fromGoogle, status: 'cancelled' }, body)).toBe(false);
    const moved = eventBody({ ...facts, startsAt: new Date('2026-12-01T10:00:00Z'), endsAt: new Date('2026-12-01T10:30:00Z') });
    expect(sameEvent(fromGoogle, moved)).toBe(false);
    expect(bodyHash(moved)).not.toBe(bodyHash(body));
  });
});
