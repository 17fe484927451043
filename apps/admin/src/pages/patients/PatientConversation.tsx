import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Loading } from '../../ui/components';
import { dateTime } from './format';
import type { Message, Patient, PatientConversation as Conversation } from './types';

const LAST_MESSAGES = 8;

/** The patient's WhatsApp conversation: linked to them, or written from their phone number. */
async function findConversation(clinicId: string, patient: Patient): Promise<Conversation | null> {
  const page = await get<PageOf<Conversation>>(`/api/clinics/${clinicId}/conversations${query({ patient_id: patient.id, limit: 1 })}`);
  return page.items[0] ?? null;
}

export function PatientConversationPanel({ clinicId, patient, zone }: { clinicId: string; patient: Patient; zone: string }) {
  const { t, i18n } = useTranslation();
  const conversation = useQuery({
    queryKey: ['patients', clinicId, 'conversation', patient.id, patient.phone],
    queryFn: () => findConversation(clinicId, patient),
    // A patient may write at any moment: opening their record reads it again (no polling: each read is audited,
    // and reading the messages marks them read for staff).
    staleTime: 0,
  });
  const id = conversation.data?.id;
  const messages = useQuery({
    queryKey: ['patients', clinicId, 'messages', id],
    enabled: id !== undefined,
    queryFn: () => get<PageOf<Message>>(`/api/clinics/${clinicId}/conversations/${id}/messages${query({ limit: LAST_MESSAGES })}`),
    staleTime: 0,
  });

  return (
    <section className="panel patients-panel" aria-labelledby="patients-conversation">
      <h2 id="patients-conversation">{t('patients.conversation.title')}</h2>
      {conversation.isPending ? <Loading /> : null}
      {conversation.isError ? <ErrorState error={conversation.error} retry={() => void conversation.refetch()} /> : null}
      {conversation.data === null ? <Empty>{t('patients.conversation.none')}</Empty> : null}
      {conversation.data ? (
        <>
          <p className="row">
            <span>
              {t('patients.conversation.lastActivity')} {dateTime(conversation.data.last_message_at, zone, i18n.language)}
            </span>
            {conversation.data.handed_off_at ? <span className="badge warn">{t('patients.conversation.withStaff')}</span> : <span className="badge">{t('patients.conversation.withAssistant')}</span>}
            {conversation.data.opted_out ? <span className="badge">{t('patients.conversation.optedOut')}</span> : null}
          </p>
          {messages.isPending ? <Loading /> : null}
          {messages.isError ? <ErrorState error={messages.error} retry={() => void messages.refetch()} /> : null}
          {messages.data && messages.data.items.length === 0 ? <Empty>{t('patients.conversation.noMessages')}</Empty> : null}
          {messages.data && messages.data.items.length > 0 ? (
            <ol className="patients-messages" aria-label={t('patients.conversation.lastMessages')}>
              {[...messages.data.items].reverse().map((m) => (
                <li key={m.id} className={`patients-message patients-message-${m.direction}`}>
                  <span className="patients-message-meta">
                    {m.direction === 'in' ? t('patients.conversation.fromPatient') : t(`patients.conversation.from.${m.sent_by ?? 'assistant'}`)} · {dateTime(m.created_at, zone, i18n.language)}
                  </span>
                  <span className="patients-message-text">{m.text ?? (m.media ? t('patients.conversation.media', { type: m.media.mime_type ?? m.type }) : `[${m.type}]`)}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
