import type { RouteObject } from 'react-router';
import { ClinicsPage } from './ClinicsPage';
import { NewClinicPage } from './NewClinicPage';

/** The superadmin's pages, under /admin/superadmin (the router checks the role). */
export const superadminRoutes: RouteObject[] = [
  { path: 'clinics', element: <ClinicsPage /> },
  { path: 'clinics/new', element: <NewClinicPage /> },
];

/** The superadmin's navigation: [path under /admin, i18n key]. */
export const superadminNav: Array<[string, string]> = [['/superadmin/clinics', 'nav.clinics']];
