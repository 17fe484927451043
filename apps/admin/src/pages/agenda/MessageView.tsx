import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { useClinicTime } from './shared';
import type { Message } from './types';

/** A stored file, fetched with the bearer token in the Authorization header (never in a URL) into a Blob URL. */
function useMediaUrl(path: string | null, wanted: boolean): { url: string | null; failed: boolean } {
  const { session } = useSession();
  const token = session?.token ?? null;
  const [state, setState] = useState<{ path: string; url: string | null; failed: boolean } | null>(null);
  useEffect(() => {
    if (!path || !wanted || !token) return undefined;
    let live = true;
    let url: string | null = null;
    fetch(path, { headers: { authorization: `Bearer ${token}` } })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const blob = await response.blob();
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ path, url, failed: false });
      })
      .catch(() => {
        if (live) setState({ path, url: null, failed: true });
      });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, wanted, token]);
  return state && state.path === path ? { url: state.url, failed: state.failed } : { url: null, failed: false };
}

function MediaView({ message }: { message: Message }) {
  const { t } = useTranslation();
  const media = message.media;
  const image = (media?.mime_type ?? '').startsWith('image/') || message.type === 'image' || message.type === 'sticker';
  const [download, setDownload] = useState(false);
  const { url, failed } = useMediaUrl(media?.download_path ?? null, image || download);
  if (!media) return null;
  if (media.status === 'pending') return <p className="agenda-media-note">{t('agenda.mediaPending')}</p>;
  if (media.status !== 'stored' || !media.download_path) return <p className="agenda-media-note">{t('agenda.mediaUnavailable')}</p>;
  if (failed) return <p className="agenda-media-note">{t('agenda.mediaFailed')}</p>;
  if (image) {
    return url ? (
      <a href={url} target="_blank" rel="noreferrer" className="agenda-media">
        <img src={url} alt={message.text ?? t('agenda.imageAlt')} />
      </a>
    ) : (
      <p className="agenda-media-note">{t('app.loading')}</p>
    );
  }
  const name = `${message.type}-${message.id}`;
  return url ? (
    <a className="button" href={url} download={name}>
      {t('agenda.saveFile', { type: media.mime_type ?? message.type })}
    </a>
  ) : (
    <button type="button" onClick={() => setDownload(true)} disabled={download}>
      {download ? t('app.loading') : t('agenda.openFile', { type: media.mime_type ?? message.type })}
    </button>
  );
}

interface Choice {
  id?: string;
  title?: string;
}

/** The choices an outbound interactive message offered (buttons, list rows). */
function choicesOf(payload: Record<string, unknown>): string[] {
  const buttons = Array.isArray(payload.buttons) ? (payload.buttons as Choice[]) : [];
  const sections = Array.isArray(payload.sections) ? (payload.sections as Array<{ rows?: Choice[] }>) : [];
  const rows = sections.flatMap((s) => (Array.isArray(s.rows) ? s.rows : []));
  return [...buttons, ...rows].map((c) => c.title ?? '').filter(Boolean);
}

/** One message of a thread: who sent it and when, its text, the choices it offered or picked, its file. */
export function MessageView({ message, zone }: { message: Message; zone: string }) {
  const { t } = useTranslation();
  const { dateTime } = useClinicTime(zone);
  const inbound = message.direction === 'in';
  const who = inbound ? t('agenda.fromPatient') : message.sent_by === 'staff' ? t('agenda.fromStaff') : t('agenda.fromAssistant');
  const choices = inbound ? [] : choicesOf(message.payload);
  const picked = inbound && (message.type === 'interactive' || message.type === 'button');
  return (
    <li className={`agenda-msg ${inbound ? 'agenda-msg-in' : `agenda-msg-out agenda-msg-${message.sent_by ?? 'assistant'}`}`}>
      <div className="agenda-msg-head">
        <strong>{who}</strong> · <time dateTime={message.whatsapp_timestamp ?? message.created_at}>{dateTime(message.whatsapp_timestamp ?? message.created_at)}</time>
        {!inbound ? <span className={`agenda-msg-status${message.status === 'failed' ? ' agenda-msg-failed' : ''}`}> · {t(`agenda.messageStatus.${message.status}`, { defaultValue: message.status })}</span> : null}
      </div>
      {picked ? <p className="agenda-msg-picked">{t('agenda.picked', { choice: message.text ?? '' })}</p> : null}
      {!picked && message.text ? <p className="agenda-msg-text">{message.text}</p> : null}
      {!picked && !message.text && !message.media ? <p className="agenda-media-note">{t('agenda.unsupportedMessage', { type: message.type })}</p> : null}
      {choices.length > 0 ? (
        <ul className="agenda-choices" aria-label={t('agenda.choicesOffered')}>
          {choices.map((choice, i) => (
            <li key={`${i}-${choice}`}>{choice}</li>
          ))}
        </ul>
      ) : null}
      <MediaView message={message} />
    </li>
  );
}
