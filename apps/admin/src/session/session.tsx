import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureApi, post } from '../api/client';

export interface SessionUser {
  id: string;
  username: string;
  role: 'ADMIN' | 'SUPERADMIN';
  clinicId: string | null;
}

interface StoredSession {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  user: SessionUser;
}

interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

/** Why the user is on the login page, shown there. */
export type EndReason = 'expired' | 'logged_out' | null;

interface SessionValue {
  session: StoredSession | null;
  endReason: EndReason;
  login: (username: string, password: string) => Promise<SessionUser>;
  logout: () => void;
}

/**
 * Kept in sessionStorage: a reload keeps the session, closing the tab ends it, and nothing sensitive is ever in
 * the URL. The token's own expiry ends the session even without a request; a 401 from the API ends it too.
 */
const STORAGE_KEY = 'sophie.session';

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    return stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionValue | null>(null);

/** Set by the provider once mounted: what a 401 from the API does. */
let expire: () => void = () => undefined;

// Wired before anything renders: the first queries of a reloaded page already carry the stored token.
configureApi(
  () => readStored()?.token ?? null,
  () => expire(),
);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(readStored);
  const [endReason, setEndReason] = useState<EndReason>(() => (sessionStorage.getItem(STORAGE_KEY) && !readStored() ? 'expired' : null));

  const end = useCallback((reason: EndReason) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
    setEndReason(reason);
  }, []);

  useEffect(() => {
    expire = () => end('expired');
  }, [end]);

  useEffect(() => {
    if (!session) return undefined;
    const timer = window.setTimeout(() => end('expired'), Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await post<LoginAnswer>('/api/auth/login', { username, password });
    const stored: StoredSession = { token: answer.accessToken, expiresAt: Date.now() + answer.expiresIn * 1000, user: answer.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    setSession(stored);
    setEndReason(null);
    return answer.user;
  }, []);

  const value = useMemo<SessionValue>(() => ({ session, endReason, login, logout: () => end('logged_out') }), [session, endReason, login, end]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
