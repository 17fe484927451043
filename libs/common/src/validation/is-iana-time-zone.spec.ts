import { isIanaTimeZone } from './is-iana-time-zone';

describe('isIanaTimeZone', () => {
  it.each(['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'UTC'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each(['Europe/Lyon', 'GMT+2', '+02:00', 'paris', '', 42])('refuses %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});
