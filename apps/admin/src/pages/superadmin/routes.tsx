import type { RouteObject } from 'react-router';
import { ClinicPage } from './ClinicPage';
import { ClinicsPage } from './ClinicsPage';
import { NewClinicPage } from './NewClinicPage';
import { ServersPage } from './ServersPage';
import { StatsPage } from './StatsPage';

/** The superadmin's pages, under /admin/superadmin (the router checks the role). */
export const superadminRoutes: RouteObject[] = [
  { path: 'clinics', element: <ClinicsPage /> },
  { path: 'clinics/new', element: <NewClinicPage /> },
  { path: 'clinics/:clinicId', element: <ClinicPage /> },
  { path: 'servers', element: <ServersPage /> },
  { path: 'stats', element: <StatsPage /> },
];

/** The superadmin's navigation: [path under /admin, i18n key]. */
export const superadminNav: Array<[string, string]> = [
  ['/superadmin/clinics', 'nav.clinics'],
  ['/superadmin/servers', 'superadmin.servers.nav'],
  ['/superadmin/stats', 'nav.stats'],
];
