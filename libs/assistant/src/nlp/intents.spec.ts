import type { Language } from '../i18n/languages';
import { isEmergency, matchIntent, matchLanguageChoice, type Intent } from './intents';

type Case = [text: string, lang: Language | null, intent: Intent];

describe(matchIntent.name, () => {
  it.each<Case>([
    ['STOP', 'fr', 'stop'],
    ['stop', 'en', 'stop'],
    ['Stop merci', 'fr', 'stop'],
    ['Bonjour, STOP !!!', 'fr', 'stop'],
    ['ARRÊT', 'fr', 'stop'],
    ['arret', 'fr', 'stop'],
    ['me désabonner', 'fr', 'stop'],
    ['UNSUBSCRIBE', 'en', 'stop'],
    ['STOPP', 'de', 'stop'],
    ['Basta', 'it', 'stop'],
    ['ALTO', 'es', 'stop'],
    ['stopp bitte', null, 'stop'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<[string, Language]>([
    ['stop the pain please, my tooth hurts', 'en'],
    ['Comment stopper la douleur ?', 'fr'],
    ['je voudrais arrêter mon traitement', 'fr'],
    ['basta con questo dolore', 'it'],
  ])('does not read "%s" as stop: the word is not the whole message', (text, lang) => {
    expect(matchIntent(text, lang)).not.toBe('stop');
  });

  it.each<Case>([
    ['START', 'fr', 'start'],
    ['démarrer', 'fr', 'start'],
    ['Reprendre', 'fr', 'start'],
    ['ANFANG', 'de', 'start'],
    ['inizio', 'it', 'start'],
    ['COMENZAR', 'es', 'start'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<Case>([
    ['menu', 'fr', 'menu'],
    ['Menü', 'de', 'menu'],
    ['menú', 'es', 'menu'],
    ['Bonjour', 'fr', 'menu'],
    ['Bonjour madame !', 'fr', 'menu'],
    ['Hello', 'en', 'menu'],
    ['hallo', 'de', 'menu'],
    ['Ciao', 'it', 'menu'],
    ['Hola', 'es', 'menu'],
    ['start over', 'en', 'menu'],
    ['on recommence', 'fr', 'menu'],
    ['retour au menu svp', 'fr', 'menu'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it('does not take a greeting followed by a question for the menu', () => {
    expect(matchIntent('Bonjour, est-ce que le cabinet accepte la carte bancaire ?', 'fr')).toBeNull();
  });

  it.each<Case>([
    ['Je voudrais annuler', 'fr', 'cancel'],
    ['Please cancel', 'en', 'cancel'],
    ['Ich muss leider absagen', 'de', 'cancel'],
    ['Termin stornieren', 'de', 'cancel'],
    ['vorrei annullare', 'it', 'cancel'],
    ['Quiero cancelar', 'es', 'cancel'],
    ['non, annuler', 'fr', 'cancel'],
    ['je voudrais annuler mon rdv de jeudi', 'fr', 'cancel'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<Case>([
    ['Je voudrais un rendez-vous', 'fr', 'book'],
    ['Je voudrais prendre RDV pour un détartrage', 'fr', 'book'],
    ['I need an appointment', 'en', 'book'],
    ['Ich hätte gerne einen Termin', 'de', 'book'],
    ['Vorrei un appuntamento', 'it', 'book'],
    ['Quisiera pedir una cita', 'es', 'book'],
    ['Bonjour, je voudrais un rdv svp', 'fr', 'book'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<Case>([
    ['mes rendez-vous', 'fr', 'appointments'],
    ['A quelle heure est mon rdv ?', 'fr', 'appointments'],
    ['I want to reschedule', 'en', 'appointments'],
    ['meine Termine', 'de', 'appointments'],
    ['i miei appuntamenti', 'it', 'appointments'],
    ['¿Cuándo es mi cita?', 'es', 'appointments'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<Case>([
    ['Je veux parler à un humain', 'fr', 'staff'],
    ['Je voudrais parler à quelqu’un', 'fr', 'staff'],
    ['le secrétariat svp', 'fr', 'staff'],
    ['Can I talk to a human?', 'en', 'staff'],
    ['agent', 'en', 'staff'],
    ['Kann ich mit einem Mitarbeiter sprechen?', 'de', 'staff'],
    ['operatore', 'it', 'staff'],
    ['una persona por favor', 'es', 'staff'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it('does not take "persona" in a long sentence for a wish to talk to staff', () => {
    expect(matchIntent('La cita es para una persona mayor que camina con dificultad', 'es')).toBe('book');
  });

  it.each<Case>([
    ['passer', 'fr', 'skip'],
    ['Skip', 'en', 'skip'],
    ['überspringen', 'de', 'skip'],
    ['salta', 'it', 'skip'],
    ['omitir', 'es', 'skip'],
    ['pas maintenant merci', 'fr', 'skip'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it('does not take "je passe demain" (I will come by) for skip', () => {
    expect(matchIntent('je passe demain au cabinet déposer l’ordonnance', 'fr')).not.toBe('skip');
  });

  it.each<Case>([
    ['plus tard', 'fr', 'later'],
    ['later please', 'en', 'later'],
    ['später', 'de', 'later'],
    ['più tardi', 'it', 'later'],
    ['más tarde', 'es', 'later'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it('does not take "après-midi" for later', () => {
    expect(matchIntent('mardi après-midi', 'fr')).toBeNull();
  });

  it.each<Case>([
    ['oui', 'fr', 'yes'],
    ['Oui merci !', 'fr', 'yes'],
    ['ok', 'fr', 'yes'],
    ['d’accord', 'fr', 'yes'],
    ['Yes please', 'en', 'yes'],
    ['no problem', 'en', 'yes'],
    ['Ja, gerne', 'de', 'yes'],
    ['sì', 'it', 'yes'],
    ['Si', 'it', 'yes'],
    ['va bene', 'it', 'yes'],
    ['Sí, claro', 'es', 'yes'],
    ['vale', 'es', 'yes'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it.each<Case>([
    ['non', 'fr', 'no'],
    ['Non merci', 'fr', 'no'],
    ['pas d’accord', 'fr', 'no'],
    ['No thanks', 'en', 'no'],
    ['nein', 'de', 'no'],
    ['no grazie', 'it', 'no'],
    ['No, gracias', 'es', 'no'],
  ])('reads "%s" (%s) as %s', (text, lang, intent) => {
    expect(matchIntent(text, lang)).toBe(intent);
  });

  it('does not read "oui" inside a long sentence as a yes', () => {
    expect(matchIntent('oui alors en fait je me demandais si le docteur fait aussi les implants', 'fr')).toBeNull();
  });

  it('reads nothing from "yes" and "no" together', () => {
    expect(matchIntent('oui non je sais pas', 'fr')).toBeNull();
  });

  it('falls back to the other languages when the conversation’s language has no keyword', () => {
    expect(matchIntent('Termin absagen', 'fr')).toBe('cancel');
  });

  it('reads the conversation’s language first: "no" in a French conversation is still understood', () => {
    expect(matchIntent('no', 'fr')).toBe('no');
  });

  it('works without a conversation language', () => {
    expect(matchIntent('quiero una cita', null)).toBe('book');
  });

  it.each(['', '   ', '👍🏻', '???', 'Je m’appelle Marie Dupont'])('finds no intent in "%s"', (text) => {
    expect(matchIntent(text, 'fr')).toBeNull();
  });
});

describe(matchLanguageChoice.name, () => {
  it.each<[string, Language]>([
    ['English please', 'en'],
    ['en anglais svp', 'en'],
    ['auf Deutsch bitte', 'de'],
    ['italiano', 'it'],
    ['¿Puede escribirme en español?', 'es'],
    ['Français', 'fr'],
  ])('finds the language named in "%s"', (text, lang) => {
    expect(matchLanguageChoice(text)).toBe(lang);
  });

  it('finds nothing when two languages are named', () => {
    expect(matchLanguageChoice('English or Deutsch')).toBeNull();
  });

  it('finds nothing when no language is named', () => {
    expect(matchLanguageChoice('bonjour')).toBeNull();
  });
});

describe(isEmergency.name, () => {
  it.each([
    'C’est une urgence',
    'URGENT',
    'Ma fille saigne beaucoup après l’extraction',
    'douleur insupportable depuis ce matin',
    'je n’arrive pas à respirer',
    'Mon mari a fait un malaise dans la salle d’attente',
    'j’ai une douleur dans la poitrine',
    'It’s an emergency',
    'my son is bleeding heavily',
    'I can’t breathe',
    'chest pain since an hour',
    'Notfall!',
    'starke Blutung nach der Behandlung',
    'ich kann nicht atmen',
    'è un’emergenza',
    'sanguina molto',
    'non riesco a respirare',
    'Es urgente',
    'emergencia, mi hijo sangra mucho',
    'no puedo respirar',
    'dolor insoportable en la muela',
  ])('flags "%s"', (text) => {
    expect(isEmergency(text)).toBe(true);
  });

  it.each([
    'Ce n’est pas urgent, quand vous pouvez',
    'pas d’urgence',
    'rien d’urgent, juste une question',
    'not urgent',
    'It’s not an emergency, just a check-up',
    'nicht dringend',
    'Es ist kein Notfall',
    'non urgente',
    'non è un’emergenza',
    'no urgente',
    'No es una emergencia',
    'Bonjour, je voudrais un rendez-vous pour un détartrage',
    'I would like to book a cleaning',
    'stop',
  ])('does not flag "%s"', (text) => {
    expect(isEmergency(text)).toBe(false);
  });

  it('flags an emergency sign even after "not urgent"', () => {
    expect(isEmergency('pas urgent mais je saigne beaucoup depuis hier')).toBe(true);
  });

  it('flags a second, unnegated "urgent"', () => {
    expect(isEmergency('not urgent for me but urgent for my daughter')).toBe(true);
  });

  it('flags "urgent" when a negation is too far before to be about it', () => {
    expect(isEmergency('je ne sais pas si c’est urgent')).toBe(true);
  });

  it('flags nothing in an empty message', () => {
    expect(isEmergency('')).toBe(false);
  });
});
