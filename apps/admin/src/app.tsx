import { Navigate, Outlet, createBrowserRouter, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Shell } from './layout/Shell';
import { TodayPage } from './pages/clinic/TodayPage';
import { LoginPage, homeOf } from './pages/LoginPage';
import { agendaRoutes } from './pages/agenda/routes';
import { patientsRoutes } from './pages/patients/routes';
import { practitionersRoutes } from './pages/practitioners/routes';
import { superadminRoutes } from './pages/superadmin/routes';
import { useSession } from './session/session';

/** Signed-in pages only: otherwise the login page, which comes back here afterwards. */
function RequireSession({ role }: { role?: 'SUPERADMIN' }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (role && session.user.role !== role) return <Navigate to={homeOf(session.user)} replace />;
  return <Outlet />;
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeOf(session.user) : '/login'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <p className="state">{t('app.notFound')}</p>;
}

/** Every route of the dashboard, under /admin (deep links work on reload: the API answers index.html). */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <RequireSession />,
      children: [
        {
          element: <Shell />,
          children: [
            { index: true, element: <Home /> },
            {
              path: 'superadmin',
              element: <RequireSession role="SUPERADMIN" />,
              children: superadminRoutes,
            },
            {
              path: 'clinics/:clinicId',
              children: [{ index: true, element: <TodayPage /> }, ...agendaRoutes, ...patientsRoutes, ...practitionersRoutes],
            },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
);
