import type { RouteObject } from 'react-router';
import { PractitionerPage } from './PractitionerPage';
import { PractitionersPage } from './PractitionersPage';
import { TreatmentsPage } from './TreatmentsPage';

/** The practitioners pages of a clinic, under /admin/clinics/:clinicId. */
export const practitionersRoutes: RouteObject[] = [
  { path: 'practitioners', element: <PractitionersPage /> },
  { path: 'practitioners/:practitionerId', element: <PractitionerPage /> },
  { path: 'treatments', element: <TreatmentsPage /> },
];

/** Navigation entries of the practitioners pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const practitionersNav: Array<[string, string]> = [
  ['/practitioners', 'practitioners.nav.practitioners'],
  ['/treatments', 'practitioners.nav.treatments'],
];
