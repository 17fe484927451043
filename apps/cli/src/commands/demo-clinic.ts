import type { LocalizedName, WorkingHoursRangeDto } from '@sophie/practitioners';

/** What `seed-demo` puts in a demo clinic: a small dental practice in Paris, in the clinic's own words. */

export const DEMO_CLINIC_NAME = 'Clinique Démo';

export const DEMO_PROFILE = {
  timezone: 'Europe/Paris',
  address: '12 rue de la Paix, 75002 Paris',
  phone: '+33 1 42 00 00 00',
  email: 'contact@clinique-demo.example',
  website: 'https://clinique-demo.example',
  opening_hours: 'Lundi-vendredi : 9h00-12h30 et 14h00-18h30. Samedi : 9h00-12h30 (Dr Martin).',
  emergency_message: 'Pour les urgences, appelez le 15.',
  default_language: 'fr',
  onboarding_form_url: 'https://clinique-demo.example/nouveau-patient',
} as const;

export type DemoTreatmentKey = 'checkup' | 'scaling' | 'filling' | 'ortho';

export interface DemoTreatment {
  key: DemoTreatmentKey;
  name: LocalizedName;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export const DEMO_TREATMENTS: readonly DemoTreatment[] = [
  {
    key: 'checkup',
    name: { fr: 'Consultation', en: 'Check-up', de: 'Kontrolluntersuchung', it: 'Visita di controllo', es: 'Revisión' },
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 5,
  },
  {
    key: 'scaling',
    name: { fr: 'Détartrage', en: 'Scaling and polishing', de: 'Zahnsteinentfernung', it: 'Ablazione del tartaro', es: 'Limpieza dental' },
    durationMinutes: 45,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
  },
  {
    key: 'filling',
    name: { fr: 'Soin de carie', en: 'Filling', de: 'Füllung', it: 'Otturazione', es: 'Empaste' },
    durationMinutes: 45,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 10,
  },
  {
    key: 'ortho',
    name: { fr: "Consultation d'orthodontie", en: 'Orthodontic consultation', de: 'Kieferorthopädische Beratung', it: 'Visita ortodontica', es: 'Consulta de ortodoncia' },
    durationMinutes: 40,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 5,
  },
];

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEK: WorkingHoursRangeDto[] = WEEKDAYS.flatMap((weekday) => [
  { weekday, start: '09:00', end: '12:30' },
  { weekday, start: '14:00', end: '18:30' },
]);
const SATURDAY_MORNING: WorkingHoursRangeDto = { weekday: 6, start: '09:00', end: '12:30' };

export interface DemoPractitioner {
  firstName: string;
  lastName: string;
  specialty: string;
  /** Treatments offered, with this practitioner's own duration when it differs from the treatment's. */
  offers: ReadonlyArray<{ treatment: DemoTreatmentKey; durationMinutes?: number }>;
  week: readonly WorkingHoursRangeDto[];
}

export const DEMO_PRACTITIONERS: readonly DemoPractitioner[] = [
  {
    firstName: 'Claire',
    lastName: 'Martin',
    specialty: 'Chirurgien-dentiste',
    offers: [{ treatment: 'checkup' }, { treatment: 'filling' }, { treatment: 'scaling' }],
    week: [...WEEK, SATURDAY_MORNING],
  },
  {
    firstName: 'Julien',
    lastName: 'Bernard',
    specialty: 'Orthodontiste',
    offers: [{ treatment: 'ortho' }, { treatment: 'checkup', durationMinutes: 20 }],
    week: WEEK,
  },
  {
    firstName: 'Léa',
    lastName: 'Petit',
    specialty: 'Hygiéniste dentaire',
    offers: [{ treatment: 'scaling', durationMinutes: 60 }],
    week: WEEK,
  },
];
