// User names by id, for "who ran it" and owners (members may list users).
import { useMemo } from 'react';
import type { Page, User } from './types.js';
import { useApi } from './use-api.js';

export function useUserNames(): (id?: string) => string {
  const users = useApi<Page<User>>('/users', { size: 1000 });
  return useMemo(() => {
    const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.name]));
    return (id?: string) => (id ? (names.get(id) ?? id.slice(0, 8)) : '—');
  }, [users.data]);
}
