import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, get, post } from '../../api/client';
import type { PageOf } from '../../api/types';
import { ErrorState, Field, FormError, Loading } from '../../ui/components';
import { INBOX_REFRESH_MS } from './InboxPage';
import { MessageView } from './MessageView';
import { useClinic, useClinicTime } from './shared';
import type { ConversationDetail, Message } from './types';

/** Meta's customer-service window: free text within 24 hours of the patient's last message. */
const WINDOW_HOURS = 24;
/** Messages shown (newest kept); older ones are rare in a clinic's chat. */
const MESSAGES_LIMIT = 200;

/** One conversation: its messages in order, reply, take over and hand back. Opening it marks it read (the API does). */
export function ThreadPage() {
  const { t } = useTranslation();
  const { clinicId = '', conversationId = '' } = useParams();
  const queries = useQueryClient();
  const base = `/api/clinics/${clinicId}/conversations/${conversationId}`;
  const clinic = useClinic(clinicId);
  const zone = clinic.data?.timezone ?? 'UTC';
  const { dateTime } = useClinicTime(zone);
  const [text, setText] = useState('');

  const conversation = useQuery({
    queryKey: ['conversations', clinicId, 'one', conversationId],
    refetchInterval: INBOX_REFRESH_MS,
    queryFn: () => get<ConversationDetail>(base),
  });
  // Fetched again when the conversation has news (and now and then for delivery statuses): reading the messages
  // marks the conversation read, so the list is refreshed after each read.
  const lastActivity = conversation.data?.last_message_at ?? null;
  const messages = useQuery({
    queryKey: ['conversations', clinicId, 'messages', conversationId, lastActivity],
    enabled: conversation.isSuccess,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
    queryFn: async () => {
      const page = await get<PageOf<Message>>(`${base}/messages?limit=${MESSAGES_LIMIT}`);
      void queries.invalidateQueries({ queryKey: ['conversations', clinicId, 'inbox'] });
      return page;
    },
  });

  const refresh = () => queries.invalidateQueries({ queryKey: ['conversations', clinicId] });
  const reply = useMutation({
    mutationFn: (body: string) => post<Message>(`${base}/messages`, { text: body }),
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  const handoff = useMutation({
    mutationFn: (action: 'take-over' | 'hand-back') => post<ConversationDetail>(`${base}/${action}`),
    onSuccess: async (updated) => {
      queries.setQueryData(['conversations', clinicId, 'one', conversationId], updated);
      await refresh();
    },
  });

  // The newest message in view when the thread opens or grows.
  const end = useRef<HTMLDivElement>(null);
  const count = messages.data?.items.length ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [count, conversationId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate(text.trim());
  };
  const ctrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && text.trim() && !reply.isPending) {
      event.preventDefault();
      reply.mutate(text.trim());
    }
  };

  if (conversation.isPending) return <Loading />;
  if (conversation.isError) return <ErrorState error={conversation.error} retry={() => void conversation.refetch()} />;
  const c = conversation.data;
  const withStaff = c.handed_off_at !== null;
  const windowOpen = c.last_inbound_at !== null && DateTime.fromISO(c.last_inbound_at).plus({ hours: WINDOW_HOURS }) > DateTime.now();
  const outsideWindow = reply.error instanceof ApiError && reply.error.code === 'WHATSAPP_OUTSIDE_WINDOW';
  const ordered = [...(messages.data?.items ?? [])].reverse();

  return (
    <section className="agenda-thread panel" aria-labelledby="agenda-thread-title">
      <Link className="agenda-back" to={`/clinics/${clinicId}/inbox`}>
        ← {t('agenda.backToList')}
      </Link>
      <header className="agenda-thread-head">
        <div>
          <h2 id="agenda-thread-title">{c.profile_name ?? c.user_phone ?? t('agenda.unknownContact')}</h2>
          <p className="hint">
            {c.user_phone ?? ''}
            {c.detected_language ? ` · ${t(`languages.${c.detected_language}`, { defaultValue: c.detected_language })}` : ''}
            {c.opted_out ? ` · ${t('agenda.optedOut')}` : ''}
          </p>
          <p role="status" className={withStaff ? 'agenda-mode agenda-mode-staff' : 'agenda-mode'}>
            {withStaff ? t(c.handed_off_by === 'patient' ? 'agenda.askedForStaff' : 'agenda.staffHolds', { since: dateTime(c.handed_off_at ?? '') }) : t('agenda.assistantHolds')}
          </p>
        </div>
        <div className="row">
          {withStaff ? (
            <button type="button" disabled={handoff.isPending} onClick={() => handoff.mutate('hand-back')}>
              {t('agenda.handBack')}
            </button>
          ) : (
            <button type="button" className="primary" disabled={handoff.isPending} onClick={() => handoff.mutate('take-over')}>
              {t('agenda.takeOver')}
            </button>
          )}
        </div>
      </header>
      <FormError error={handoff.error} />

      {messages.isPending ? <Loading /> : null}
      {messages.isError ? <ErrorState error={messages.error} retry={() => void messages.refetch()} /> : null}
      {messages.data && messages.data.total > messages.data.items.length ? <p className="hint">{t('agenda.olderHidden', { count: messages.data.total - messages.data.items.length })}</p> : null}
      {messages.data && ordered.length === 0 ? <p className="state">{t('agenda.noMessages')}</p> : null}
      <ol className="agenda-messages" aria-label={t('agenda.messages')} aria-live="polite">
        {ordered.map((m) => (
          <MessageView key={m.id} message={m} zone={zone} />
        ))}
      </ol>
      <div ref={end} />

      <form className="agenda-reply" onSubmit={submit}>
        {!windowOpen ? <p className="notice">{t('agenda.windowClosed')}</p> : null}
        {!withStaff ? <p className="hint">{t('agenda.replyHint')}</p> : null}
        <Field label={t('agenda.reply')} hint={t('agenda.replyKeys')}>
          {(id) => <textarea id={id} rows={3} maxLength={4096} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={ctrlEnter} />}
        </Field>
        {outsideWindow ? (
          <p className="form-error" role="alert">
            {t('agenda.outsideWindow')}
          </p>
        ) : (
          <FormError error={reply.error} />
        )}
        <button className="primary" type="submit" disabled={!text.trim() || reply.isPending}>
          {reply.isPending ? t('agenda.sending') : t('agenda.send')}
        </button>
      </form>
    </section>
  );
}
