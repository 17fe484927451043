import { NavLink, Outlet, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type UiLanguage } from '../i18n';
import { agendaNav } from '../pages/agenda/routes';
import { patientsNav } from '../pages/patients/routes';
import { practitionersNav } from '../pages/practitioners/routes';
import { superadminNav } from '../pages/superadmin/routes';
import { useSession } from '../session/session';

/** A clinic's navigation, in the order the front desk uses it. */
const CLINIC_NAV = [...agendaNav, ...patientsNav, ...practitionersNav];

/** The frame of every signed-in page: navigation for the user's role, the language switch, logging out. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { session, logout } = useSession();
  const { clinicId } = useParams();
  const clinic = clinicId ?? session?.user.clinicId ?? null;
  const superadmin = session?.user.role === 'SUPERADMIN';
  return (
    <div className="shell">
      <nav aria-label="Navigation">
        <span className="brand">{t('app.name')}</span>
        {superadmin
          ? superadminNav.map(([path, key]) => (
              <NavLink key={path} to={path}>
                {t(key)}
              </NavLink>
            ))
          : null}
        {clinic ? (
          <>
            <NavLink end to={`/clinics/${clinic}`}>
              {t('nav.today')}
            </NavLink>
            {CLINIC_NAV.map(([path, key]) => (
              <NavLink key={path} to={`/clinics/${clinic}${path}`}>
                {t(key)}
              </NavLink>
            ))}
          </>
        ) : null}
        <span className="spacer" />
        <label className="row">
          {t('app.language')}
          <select value={i18n.language} onChange={(event) => setLanguage(event.target.value as UiLanguage)}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        </label>
        <span>{session?.user.username}</span>
        <button type="button" onClick={logout}>
          {t('app.logout')}
        </button>
      </nav>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
