import { detectLanguage } from './detect-language';

describe(detectLanguage.name, () => {
  it.each([
    'Bonjour, je voudrais prendre rendez-vous',
    'Est-ce que je peux venir demain matin ?',
    'Je dois annuler mon rendez-vous de jeudi',
    'J’ai très mal à une dent depuis hier',
    'Pouvez-vous me rappeler s’il vous plaît',
    'Quelle est votre adresse exacte ?',
  ])('reads French in "%s"', (text) => {
    expect(detectLanguage(text)).toBe('fr');
  });

  it.each([
    'Hello, I would like to book an appointment',
    'Can I come tomorrow morning?',
    'I need to cancel my appointment on Thursday',
    'Could you call me back please',
    'What is your exact address?',
    'can we move it to next week',
  ])('reads English in "%s"', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });

  it.each([
    'Guten Tag, ich möchte einen Termin vereinbaren',
    'Kann ich morgen früh vorbeikommen?',
    'Ich muss meinen Termin am Donnerstag absagen',
    'Ich habe seit gestern starke Zahnschmerzen',
    'Können Sie mich bitte zurückrufen',
    'Wie ist Ihre genaue Adresse?',
  ])('reads German in "%s"', (text) => {
    expect(detectLanguage(text)).toBe('de');
  });

  it.each([
    'Buongiorno, vorrei prendere un appuntamento',
    'Devo annullare il mio appuntamento di giovedì',
    'Potete richiamarmi per favore',
    'Arriverò con dieci minuti di ritardo',
    'È per mio figlio di sei anni',
    'Qual è il vostro indirizzo esatto?',
  ])('reads Italian in "%s"', (text) => {
    expect(detectLanguage(text)).toBe('it');
  });

  it.each([
    '¿Puedo ir mañana por la mañana?',
    'Tengo que cancelar mi cita del jueves',
    'Tengo un dolor de muelas muy fuerte desde ayer',
    '¿Me pueden llamar, por favor?',
    'Es para mi hijo de seis años',
    '¿Cuál es su dirección exacta?',
  ])('reads Spanish in "%s"', (text) => {
    expect(detectLanguage(text)).toBe('es');
  });

  it.each(['oui', 'ja', 'si', 'sì', 'no', 'ok', 'merci', 'danke', 'grazie', 'gracias', 'ok merci', 'bonjour', 'Termin', 'Marie Dupont'])(
    'says nothing about the single word or short phrase "%s"',
    (text) => {
      expect(detectLanguage(text)).toBeNull();
    },
  );

  it.each(['2', '14h', '24/03/1985', '👍', '🙏🙏🙏', '06 12 34 56 78', ''])('says nothing about "%s", which has no words', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it('says nothing about an e-mail address or a link alone', () => {
    expect(detectLanguage('marie.dupont@gmail.com https://example.org/formulaire')).toBeNull();
  });

  it('reads the words around an e-mail address', () => {
    expect(detectLanguage('Mon adresse est marie.dupont@gmail.com, merci beaucoup')).toBe('fr');
  });

  it('says nothing when two languages score too close ("Siete aperti il sabato?" is near French)', () => {
    expect(detectLanguage('Siete aperti il sabato?')).toBeNull();
  });

  it('says nothing about a mix of greetings in several languages', () => {
    expect(detectLanguage('hello bonjour hola ciao')).toBeNull();
  });

  it('needs three words even when they are long', () => {
    expect(detectLanguage('Zahnarzttermin vereinbaren')).toBeNull();
  });
});
