import type { Language } from '../i18n/languages';

/** What a patient's free text can ask for, whatever the step of the conversation. */
export const INTENTS = [
  'stop',
  'start',
  'staff',
  'cancel',
  'appointments',
  'book',
  'info',
  'language',
  'later',
  'skip',
  'menu',
  'no',
  'yes',
] as const;

export type Intent = (typeof INTENTS)[number];

/**
 * Keywords per language and intent, written as patients type them (accents and case do not matter:
 * both sides go through normalizeText) and matched as whole words. A prefix sets how:
 * - none: the words anywhere in the message ("je voudrais annuler mon rdv" → cancel);
 * - "~": anywhere in a short message only (at most SHORT_MESSAGE_WORDS words besides polite fillers),
 *   for words that mean something else inside a longer sentence ("oui", "persona");
 * - "=": the whole message, give or take fillers and greetings ("STOP", "stop merci", but not
 *   "stop the pain").
 */
export const INTENT_LEXICON: Readonly<Record<Language, Readonly<Record<Intent, readonly string[]>>>> = {
  fr: {
    stop: ['=stop', '=arret', '=arreter', '=stop sms', '=stop messages', '=stop rappels', '=desabonner', '=me desabonner', '=desabonnement', '=desinscription', '=me desinscrire'],
    start: ['=start', '=demarrer', '=reprendre', '=reactiver'],
    staff: ['humain', 'un humain', 'une vraie personne', '~une personne', 'parler a quelqu un', '~quelqu un', 'secretaire', 'secretariat', 'conseiller', 'conseillere', 'rappelez moi', 'me rappeler', 'parler au cabinet', 'parler a la clinique', 'parler a l equipe'],
    cancel: ['annuler', 'annulez', 'annule', 'annulation', 'decommander'],
    appointments: ['mes rendez vous', 'mes rdv', 'mon rendez vous', 'mon rdv', 'deplacer', 'decaler', 'reporter'],
    book: ['rendez vous', 'rdv', 'rendezvous', 'reserver', 'reservation', 'prendre un rendez vous'],
    info: ['adresse', 'horaires d ouverture', 'heures d ouverture', 'etes vous ouverts', 'vous etes ouverts', 'etes vous ouvert', 'vous etes ouvert', 'ou etes vous', 'ou se trouve', 'acces', 'infos pratiques', 'informations pratiques', 'numero de telephone'],
    language: ['langue', 'changer de langue'],
    later: ['plus tard', 'autres horaires', 'd autres horaires', 'horaires suivants'],
    skip: ['=passer', '=je passe', '=sauter', '=ignorer', '~pas maintenant', '~passer cette etape', '~passer l etape'],
    menu: ['menu', 'recommencer', 'recommence', 'recommencons', 'retour au menu', 'menu principal', '=bonjour', '=bonsoir', '=salut', '=coucou'],
    no: ['~non', '~nan', '~pas du tout', '~pas d accord', '~non merci', '~je ne peux pas', '~pas possible', '~impossible', '~surtout pas', '~ca ne va pas', '~ca ne me va pas'],
    yes: ['~oui', '~ouais', '~ok', '~okay', '~oki', '~d accord', '~dac', '~parfait', '~ca marche', '~ca me va', '~c est bon', '~c est parfait', '~entendu', '~bien sur', '~volontiers', '~exactement', '~tout a fait', '~je confirme', '~confirmer', '~confirme', '~absolument', '~pas de souci', '~pas de probleme', '~tres bien'],
  },
  en: {
    stop: ['=stop', '=unsubscribe', '=stop messages', '=stop reminders', '=opt out', '=optout'],
    start: ['=start', '=subscribe', '=resume', '=unstop'],
    staff: ['human', 'a real person', '~a person', '~person', 'talk to someone', 'speak to someone', 'talk to somebody', '~someone', 'receptionist', 'reception', 'staff', 'agent', 'operator', 'call me back', 'talk to the clinic', 'speak to the clinic'],
    cancel: ['cancel', 'cancellation', 'call off'],
    appointments: ['my appointment', 'my appointments', 'reschedule', 'move my'],
    book: ['appointment', 'book', 'booking', 'reserve', 'make an appointment'],
    info: ['address', 'opening hours', 'opening times', 'are you open', 'where are you', 'directions', 'phone number', 'clinic information'],
    language: ['language', 'change language'],
    later: ['later', 'other times', 'more times', 'later times'],
    skip: ['=skip', '~skip this', '~skip it', '~not now', '=pass'],
    menu: ['menu', 'start over', 'main menu', 'back to menu', '=hello', '=hi', '=hey', '=good morning', '=good afternoon', '=good evening'],
    no: ['~no', '~nope', '~nah', '~not really', '~no thanks', '~no thank you', '~not ok', '~i can t', '~i cannot', '~doesn t work', '~that doesn t work'],
    yes: ['~yes', '~yeah', '~yep', '~yup', '~ok', '~okay', '~sure', '~of course', '~fine', '~perfect', '~great', '~confirm', '~that works', '~sounds good', '~no problem', '~correct', '~alright', '~all right', '~absolutely'],
  },
  de: {
    stop: ['=stop', '=stopp', '=abmelden', '=abbestellen', '=keine nachrichten', '=keine erinnerungen'],
    start: ['=start', '=starten', '=anfang', '=anmelden', '=fortsetzen'],
    staff: ['mitarbeiter', 'mitarbeiterin', '~mensch', '~person', 'echte person', 'mit jemandem sprechen', '~jemand', '~jemandem', 'rezeption', 'empfang', 'sekretariat', 'rufen sie mich an', 'ruckruf', 'mit der praxis sprechen'],
    cancel: ['stornieren', 'storniere', 'stornierung', 'absagen', 'abzusagen', 'sage ab', 'sagen ab'],
    appointments: ['meine termine', 'mein termin', 'meinen termin', 'meinem termin', 'verschieben'],
    book: ['termin', 'buchen', 'vereinbaren', 'reservieren', 'terminvereinbarung'],
    info: ['adresse', 'offnungszeiten', 'haben sie geoffnet', 'haben sie offen', 'wo sind sie', 'anfahrt', 'telefonnummer', 'praxisinformationen'],
    language: ['sprache', 'sprache andern'],
    later: ['spater', 'spatere termine', 'andere zeiten', 'weitere termine'],
    skip: ['=uberspringen', '=weiter', '~nicht jetzt', '~uberspringen'],
    menu: ['menu', 'hauptmenu', 'von vorne', 'neu starten', 'zuruck zum menu', '=hallo', '=guten tag', '=guten morgen', '=guten abend', '=servus', '=moin', '=gruss gott', '=gruezi'],
    no: ['~nein', '~nee', '~no', '~lieber nicht', '~auf keinen fall', '~geht nicht', '~nicht einverstanden', '~nein danke', '~passt nicht'],
    yes: ['~ja', '~jawohl', '~jep', '~genau', '~gerne', '~ok', '~okay', '~passt', '~einverstanden', '~in ordnung', '~klar', '~naturlich', '~bestatigen', '~bestatige', '~richtig', '~perfekt', '~kein problem', '~sehr gut'],
  },
  it: {
    stop: ['=stop', '=basta', '=disiscrivi', '=disiscrivimi', '=annulla iscrizione', '=nessun messaggio'],
    start: ['=start', '=inizio', '=inizia', '=riprendi', '=avvia'],
    staff: ['operatore', 'operatrice', '~persona', '~una persona', 'persona reale', 'parlare con qualcuno', '~qualcuno', 'umano', 'segreteria', 'segretaria', 'reception', 'richiamarmi', 'richiamatemi', 'parlare con lo studio'],
    cancel: ['annullare', 'annulla', 'annullo', 'annullamento', 'disdire', 'disdico', 'disdetta', 'cancellare'],
    appointments: ['i miei appuntamenti', 'miei appuntamenti', 'mio appuntamento', 'spostare', 'rinviare'],
    book: ['appuntamento', 'prenotare', 'prenotazione', 'prenota', 'fissare'],
    info: ['indirizzo', 'orari di apertura', 'orario di apertura', 'siete aperti', 'dove siete', 'dove si trova', 'numero di telefono', 'informazioni sullo studio'],
    language: ['lingua', 'cambiare lingua'],
    later: ['piu tardi', 'altri orari', 'orari successivi'],
    skip: ['=salta', '=saltare', '=salto', '=passa', '~non ora', '~salta questo passaggio'],
    menu: ['menu', 'ricominciare', 'ricomincia', 'menu principale', 'torna al menu', '=ciao', '=buongiorno', '=buonasera', '=salve'],
    no: ['~no', '~non', '~no grazie', '~non posso', '~non va bene', '~assolutamente no', '~per niente'],
    yes: ['~si', '~certo', '~ok', '~okay', '~va bene', '~d accordo', '~perfetto', '~esatto', '~confermo', '~conferma', '~certamente', '~volentieri', '~nessun problema', '~giusto', '~benissimo'],
  },
  es: {
    stop: ['=stop', '=alto', '=parar', '=baja', '=darme de baja', '=dar de baja', '=cancelar suscripcion'],
    start: ['=start', '=comenzar', '=empezar', '=reanudar', '=iniciar', '=alta'],
    staff: ['~persona', '~una persona', 'persona real', 'hablar con alguien', '~alguien', 'humano', 'agente', 'recepcion', 'recepcionista', 'secretaria', 'operador', 'operadora', 'llamenme', 'llamarme', 'hablar con la clinica'],
    cancel: ['cancelar', 'cancela', 'cancelo', 'cancelacion', 'anular', 'anula', 'anulo'],
    appointments: ['mis citas', 'mi cita', 'cambiar la cita', 'cambiar mi cita', 'mover la cita', 'mover mi cita', 'reprogramar'],
    book: ['cita', 'reservar', 'reserva', 'pedir hora', 'turno', 'pedir cita'],
    info: ['direccion', 'horario de apertura', 'su horario', 'estan abiertos', 'abren', 'donde estan', 'donde se encuentra', 'numero de telefono', 'informacion de la clinica'],
    language: ['idioma', 'cambiar de idioma', 'lengua'],
    later: ['mas tarde', 'otras horas', 'otros horarios', 'horas siguientes'],
    skip: ['=omitir', '=saltar', '=salta', '=paso', '~ahora no', '~omitir este paso'],
    menu: ['menu', 'empezar de nuevo', 'volver a empezar', 'menu principal', 'volver al menu', 'inicio', '=hola', '=buenos dias', '=buenas tardes', '=buenas noches', '=buenas'],
    no: ['~no', '~no gracias', '~no puedo', '~para nada', '~de ninguna manera', '~no me viene bien', '~no me va bien'],
    yes: ['~si', '~claro', '~vale', '~ok', '~okay', '~de acuerdo', '~perfecto', '~exacto', '~confirmo', '~confirmar', '~por supuesto', '~sin problema', '~correcto', '~bueno', '~esta bien', '~me viene bien', '~me va bien'],
  },
};

/**
 * Politeness and greetings that do not change what a message asks ("stop merci", "Bonjour, STOP",
 * "yes please"): ignored when a message must be a keyword alone or be short.
 */
export const FILLERS: readonly string[] = [
  'merci', 'merci beaucoup', 'svp', 'stp', 's il vous plait', 's il te plait', 'bonjour', 'bonsoir', 'salut', 'madame', 'monsieur',
  'please', 'pls', 'plz', 'thanks', 'thank you', 'thx', 'hello', 'hi',
  'bitte', 'danke', 'danke schon', 'vielen dank', 'hallo', 'guten tag',
  'grazie', 'grazie mille', 'per favore', 'ciao', 'buongiorno', 'salve',
  'gracias', 'muchas gracias', 'por favor', 'hola', 'buenos dias',
];

/** A language's names in the five languages ("anglais", "English", "Englisch", "inglese", "inglés"), for a patient who names one. */
export const LANGUAGE_WORDS: Readonly<Record<Language, readonly string[]>> = {
  fr: ['francais', 'french', 'franzosisch', 'francese', 'frances'],
  en: ['english', 'anglais', 'englisch', 'inglese', 'ingles'],
  de: ['deutsch', 'german', 'allemand', 'tedesco', 'aleman'],
  it: ['italiano', 'italian', 'italien', 'italienisch'],
  es: ['espanol', 'spanish', 'espagnol', 'spanisch', 'spagnolo', 'castellano'],
};
