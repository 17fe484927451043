import { useParams, type RouteObject } from 'react-router';
import { InboxPage, NoThread } from './InboxPage';
import { ThreadPage } from './ThreadPage';
import { WeekPage } from './WeekPage';

/** A fresh thread (its draft, its errors) for each conversation opened. */
function Thread() {
  const { conversationId } = useParams();
  return <ThreadPage key={conversationId} />;
}

/** The agenda pages of a clinic, under /admin/clinics/:clinicId. */
export const agendaRoutes: RouteObject[] = [
  { path: 'appointments', element: <WeekPage /> },
  {
    path: 'inbox',
    element: <InboxPage />,
    children: [
      { index: true, element: <NoThread /> },
      { path: ':conversationId', element: <Thread /> },
    ],
  },
];

/** Navigation entries of the agenda pages: [path under /admin/clinics/:clinicId, i18n key]. */
export const agendaNav: Array<[string, string]> = [
  ['/appointments', 'nav.appointments'],
  ['/inbox', 'nav.inbox'],
];
