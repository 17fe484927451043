import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { get, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';
import { useClinic, useClinicTime } from './shared';
import type { ConversationDetail } from './types';
import './agenda.css';

/** How often the inbox asks for news (no push channel to the dashboard). */
export const INBOX_REFRESH_MS = 3_000;

/** The conversations inbox: the list (filters: waiting for staff, unread) beside the open thread. */
export function InboxPage() {
  const { t } = useTranslation();
  const { clinicId = '', conversationId } = useParams();
  const [handedOff, setHandedOff] = useState(false);
  const [unread, setUnread] = useState(false);
  const clinic = useClinic(clinicId);
  const list = useQuery({
    queryKey: ['conversations', clinicId, 'inbox', { handedOff, unread }],
    refetchInterval: INBOX_REFRESH_MS,
    queryFn: () => get<PageOf<ConversationDetail>>(`/api/clinics/${clinicId}/conversations${query({ handed_off: handedOff || undefined, unread: unread || undefined, limit: 100 })}`),
  });

  if (clinic.isPending) return <Loading />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  return (
    <Page title={t('agenda.inboxTitle')}>
      <div className={`agenda-inbox${conversationId ? ' agenda-inbox-open' : ''}`}>
        <section className="agenda-list panel" aria-labelledby="agenda-list-title">
          <h2 id="agenda-list-title" className="agenda-visually-hidden">
            {t('agenda.conversations')}
          </h2>
          <fieldset className="agenda-filters">
            <legend>{t('agenda.filters')}</legend>
            <label className="agenda-check">
              <input type="checkbox" checked={handedOff} onChange={(event) => setHandedOff(event.target.checked)} />
              {t('agenda.filterHandedOff')}
            </label>
            <label className="agenda-check">
              <input type="checkbox" checked={unread} onChange={(event) => setUnread(event.target.checked)} />
              {t('agenda.filterUnread')}
            </label>
          </fieldset>
          {list.isPending ? <Loading /> : null}
          {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
          {list.data && list.data.items.length === 0 ? <Empty>{handedOff || unread ? t('agenda.noConversationsFiltered') : t('agenda.noConversations')}</Empty> : null}
          {list.data && list.data.items.length > 0 ? (
            <ul className="agenda-conversations">
              {list.data.items.map((c) => (
                <ConversationItem key={c.id} clinicId={clinicId} zone={clinic.data.timezone} conversation={c} />
              ))}
            </ul>
          ) : null}
        </section>
        <div className="agenda-thread-pane">
          <Outlet />
        </div>
      </div>
    </Page>
  );
}

function ConversationItem({ clinicId, zone, conversation: c }: { clinicId: string; zone: string; conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const { dateTime } = useClinicTime(zone);
  return (
    <li>
      <NavLink to={`/clinics/${clinicId}/inbox/${c.id}`} className={c.unread ? 'agenda-conv agenda-conv-unread' : 'agenda-conv'}>
        <span className="agenda-conv-name">{c.profile_name ?? c.user_phone ?? t('agenda.unknownContact')}</span>
        <span className="agenda-conv-meta">
          {c.last_message_at ? dateTime(c.last_message_at) : ''}
          {c.unread ? <span className="badge warn">{t('agenda.unread')}</span> : null}
          {c.handed_off_at ? <span className="badge">{t('agenda.withStaff')}</span> : null}
          {c.opted_out ? <span className="badge">{t('agenda.optedOut')}</span> : null}
        </span>
      </NavLink>
    </li>
  );
}

/** What the thread pane shows before a conversation is chosen. */
export function NoThread() {
  const { t } = useTranslation();
  return <p className="state agenda-no-thread">{t('agenda.chooseConversation')}</p>;
}
