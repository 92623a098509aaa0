// A table's scroll box: narrow screens scroll wide tables sideways, so the box takes keyboard
// focus and has a name (a scrollable region must be reachable without a mouse).
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
