import type { RouteObject } from 'react-router';

/** The practitioners pages of a clinic, under /admin/clinics/:clinicId. */
export const practitionersRoutes: RouteObject[] = [];

/** Navigation entries of the practitioners pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const practitionersNav: Array<[string, string]> = [];
