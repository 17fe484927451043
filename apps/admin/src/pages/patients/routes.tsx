import type { RouteObject } from 'react-router';

/** The patients pages of a clinic, under /admin/clinics/:clinicId. */
export const patientsRoutes: RouteObject[] = [];

/** Navigation entries of the patients pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const patientsNav: Array<[string, string]> = [];
