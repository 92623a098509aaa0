// Small pieces every page uses: status badges, loading and error states, key/value lists, JSON.
import type { ReactNode } from 'react';
import { json } from '../format.js';
import type { Loaded } from '../use-api.js';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error }: { error: Error & { hint?: string } }) {
  return (
    <p role="alert" className="error">
      {error.message}
      {error.hint ? ` ${error.hint}` : ''}
    </p>
  );
}

/** Renders a loaded value, or its loading/error state. */
export function Show<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (data: T) => ReactNode }) {
  if (loaded.data !== undefined) return <>{children(loaded.data)}</>;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  return <Loading what={what} />;
}

export function Fields({ entries }: { entries: Array<[string, ReactNode]> }) {
  return (
    <dl className="fields">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {json(value)}
    </pre>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted">{children}</p>;
}

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-title">
      <h1>{title}</h1>
      {children}
    </header>
  );
}
