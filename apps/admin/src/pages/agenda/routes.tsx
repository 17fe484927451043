import type { RouteObject } from 'react-router';

/** The agenda pages of a clinic, under /admin/clinics/:clinicId. */
export const agendaRoutes: RouteObject[] = [];

/** Navigation entries of the agenda pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const agendaNav: Array<[string, string]> = [];
