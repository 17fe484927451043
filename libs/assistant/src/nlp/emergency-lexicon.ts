/**
 * Signs of a medical emergency, in all five languages at once (a patient in distress may write in
 * any language). Patterns are regular-expression sources over normalizeText() output (lower case,
 * no accents, words separated by single spaces) and must match whole words.
 */

/** Always an emergency, whatever surrounds them: bleeding, breathing, chest pain, consciousness, unbearable pain. */
export const EMERGENCY_SIGNS: readonly string[] = [
  // fr
  'saign\\w* (?:beaucoup|abondamment|enormement|sans arret|trop|fort|tres fort)',
  '(?:ne s arrete pas|n arrete pas) de saigner',
  'hemorragie\\w*',
  'saignements? (?:abondants?|importants?)',
  'douleurs? (?:insupportables?|atroces?|intolerables?)',
  '(?:arrive|parviens) (?:pas|plus) a respirer',
  'peux (?:pas|plus) respirer',
  '(?:du mal|difficulte\\w*) a respirer',
  'j etouffe|etouffe\\w*',
  'malaise\\w*',
  'perte de connaissance|perdu connaissance|evanoui\\w*|inconscient\\w*',
  'douleurs? (?:a|dans) la poitrine|mal a la poitrine|douleurs? thoraciques?|oppression thoracique',
  'crise cardiaque|infarctus|avc|accident vasculaire',
  'convulsions?|crise d epilepsie',
  'choc anaphylactique|gorge (?:qui )?gonfle\\w*',
  'suicid\\w*|envie de mourir',
  // en
  'bleed\\w* (?:heavily|a lot|badly|profusely|non ?stop)',
  '(?:heavy|severe) bleeding',
  '(?:won t|wont|will not|doesn t) stop bleeding|bleeding (?:won t|wont|will not|doesn t) stop',
  '(?:can t|cant|cannot|can not|unable to|struggling to|hard to) breathe',
  '(?:difficulty|trouble) breathing|short of breath',
  'chest pains?|heart attack|stroke',
  'unconscious|passed out|fainted|unresponsive|seizures?',
  '(?:unbearable|severe|excruciating|terrible) pain',
  'anaphyla\\w*|allergic reaction|throat (?:is )?(?:swelling|swollen|closing)',
  'suicid\\w*|kill myself',
  // de
  'stark\\w* blutung\\w*',
  'blutet (?:sehr |ganz |so )?(?:stark|viel)',
  'hort nicht auf zu bluten|blutung hort nicht auf',
  '(?:kann|konnen) (?:nicht|kaum) (?:mehr )?atmen',
  'keine luft|atemnot',
  'brustschmerz\\w*|schmerz\\w* in der brust|herzinfarkt|schlaganfall',
  'bewusstlos\\w*|ohnmacht\\w*|kollabiert|zusammengebrochen|krampfanfall',
  'unertraglich\\w* schmerz\\w*|schmerz\\w* (?:sind |ist )?unertraglich\\w*',
  'allergischer schock|anaphylaxie',
  'suizid\\w*|selbstmord\\w*',
  // it
  'sanguin\\w* (?:molto|tanto|tantissimo|abbondantemente)',
  'emorragi\\w*|non smette di sanguinare|(?:forte|abbondante) sanguinamento|sanguinamento (?:forte|abbondante)',
  'non (?:riesco a|posso) respirare|non respiro|respiro a fatica|fatico a respirare',
  'mi manca (?:il respiro|l aria)|difficolta a respirare',
  'dolor[ei] al petto|dolore toracico|infarto|ictus',
  'svenut[oa]|svenimento|priv[oa] di sensi|perso i sensi|incosciente|convulsioni',
  'dolor[ei] insopportabil[ei]|dolore (?:fortissimo|atroce)',
  'shock anafilattico|anafilassi',
  'suicid\\w*',
  // es
  'sangr\\w* (?:mucho|muchisimo|sin parar|abundantemente)',
  'no (?:para|deja) de sangrar|sangrado abundante|hemorragia',
  'no puedo respirar|no respiro|me cuesta respirar|dificultad para respirar|me ahogo|falta de aire',
  'dolor (?:en el|de|del) pecho|dolor toracico|infarto|derrame cerebral',
  'desmay\\w*|inconsciente|perdi(?:o)? el conocimiento|convulsiones',
  'dolor(?:es)? insoportables?|dolor (?:muy fuerte|horrible)',
  'shock anafilactico|anafilaxia',
];

/** "Urgent" words: an emergency unless a negation comes just before ("pas urgent", "nicht dringend", "no es urgente"). */
export const URGENCY_WORD = /^(?:urgen\w*|emergen\w*|notfall\w*|dringend\w*)$/;

/** Words that, within URGENCY_NEGATION_WINDOW words before an urgency word, say it is not urgent. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'pas', 'rien', 'aucune', 'aucun', 'sans', 'ni',
  'not', 'no', 'nothing', 'isn', 'aren', 'never', 'nor', 'non',
  'nicht', 'kein', 'keine', 'keinen', 'nichts', 'ohne',
  'nessuna', 'nessun', 'niente', 'senza',
  'nada', 'sin', 'ningun', 'ninguna',
]);

export const URGENCY_NEGATION_WINDOW = 3;
