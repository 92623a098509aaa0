// Who is logged in: the token's user (GET /api/v1/current-user), or nobody on a server without
// auth. Shared with every page through a context (admins see more under Settings).
import { createContext, useContext, useEffect, useState } from 'react';
import { api, session } from './api.js';
import type { User } from './types.js';

export interface SessionState {
  /** Still asking the server. */
  checking: boolean;
  /** Logged in, or a server without auth. */
  signedIn: boolean;
  user?: User;
  authScheme?: string;
}

export const SessionContext = createContext<SessionState>({ checking: true, signedIn: false });
export const useSession = () => useContext(SessionContext);

export function useSessionState(): [SessionState, () => void] {
  const [state, setState] = useState<SessionState>({ checking: true, signedIn: false });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const changed = () => setGeneration((n) => n + 1);
    window.addEventListener('zenml:session', changed);
    return () => window.removeEventListener('zenml:session', changed);
  }, []);
  useEffect(() => {
    let live = true;
    (async () => {
      const info = await api<{ authScheme: string }>('/info');
      if (info.authScheme === 'NO_AUTH') return { checking: false, signedIn: true, authScheme: info.authScheme };
      if (!session.token()) return { checking: false, signedIn: false, authScheme: info.authScheme };
      const user = await api<User>('/current-user');
      return { checking: false, signedIn: true, user, authScheme: info.authScheme };
    })().then(
      (next) => live && setState(next),
      () => live && setState({ checking: false, signedIn: false }),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  return [state, () => setGeneration((n) => n + 1)];
}
