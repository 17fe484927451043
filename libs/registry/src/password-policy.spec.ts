import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it('accepts a long password mixing three kinds of characters', () => {
    expect(passwordWeakness('Correct-horse-42', 'alice')).toBeNull();
  });

  it('refuses a short password', () => {
    expect(passwordWeakness('Ab1!', 'alice')).toMatch(/at least 12/);
  });

  it('refuses a long password of one kind of character', () => {
    expect(passwordWeakness('aaaaaaaaaaaaaaaa', 'alice')).toMatch(/three/);
  });

  it('refuses a password containing the username', () => {
    expect(passwordWeakness('Alice-Password-1', 'alice')).toMatch(/username/);
  });

  it('refuses a password longer than bcrypt can hash', () => {
    expect(passwordWeakness(`Aa1-${'x'.repeat(80)}`, 'alice')).toMatch(/at most 72/);
  });
});
