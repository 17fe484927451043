import type { RouteObject } from 'react-router';
import { AuditPage } from './AuditPage';
import { PatientDetailPage } from './PatientDetailPage';
import { PatientsPage } from './PatientsPage';
import { SettingsPage } from './SettingsPage';

/** The patients pages of a clinic, under /admin/clinics/:clinicId. */
export const patientsRoutes: RouteObject[] = [
  { path: 'patients', element: <PatientsPage /> },
  { path: 'patients/:patientId', element: <PatientDetailPage /> },
  { path: 'audit', element: <AuditPage /> },
  { path: 'settings', element: <SettingsPage /> },
];

/** Navigation entries of the patients pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const patientsNav: Array<[string, string]> = [
  ['/patients', 'nav.patients'],
  ['/settings', 'nav.settings'],
  ['/audit', 'nav.audit'],
];
