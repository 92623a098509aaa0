// Loads an API answer for a component, again when its key changes, and on an interval while
// `pollMs` is set (a running run's page polls until the run has finished).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from './api.js';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload(): void;
}

export function useApi<T>(path: string | undefined, query?: Query, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: path !== undefined });
  const [tick, setTick] = useState(0);
  const key = path === undefined ? undefined : `${path}?${JSON.stringify(query ?? {})}`;
  const keyRef = useRef(key);
  useEffect(() => {
    if (path === undefined) return;
    if (keyRef.current !== key) setState({ loading: true });
    keyRef.current = key;
    let live = true;
    api<T>(path, { query }).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => setTick((n) => n + 1), pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
