import type { ListFilter } from './entities.js';

/** A person or a service account (ZenML's UserResponse; service accounts are users that log in with API keys). */
export interface UserModel {
  id: string;
  name: string;
  fullName?: string;
  email?: string;
  description?: string;
  isAdmin: boolean;
  active: boolean;
  isServiceAccount: boolean;
  created: string;
  updated: string;
}

export interface NewUser {
  name: string;
  /** Plain text on the way in; the store keeps only a scrypt hash. Service accounts have none. */
  password?: string;
  fullName?: string;
  email?: string;
  description?: string;
  isAdmin?: boolean;
  isServiceAccount?: boolean;
  active?: boolean;
}

export type UserUpdate = Partial<Pick<NewUser, 'name' | 'password' | 'fullName' | 'email' | 'description' | 'isAdmin' | 'active'>>;

export interface UserFilter extends ListFilter {
  isServiceAccount?: boolean;
  active?: boolean;
}

/** An API key of a service account (ZenML's APIKeyResponse). The key itself is shown once, at creation or rotation. */
export interface ApiKeyModel {
  id: string;
  name: string;
  serviceAccountId: string;
  description?: string;
  active: boolean;
  created: string;
  updated: string;
  lastLogin?: string;
  lastRotated?: string;
}

export interface ApiKeyWithSecret {
  apiKey: ApiKeyModel;
  /** The only time the key is readable: the store keeps a hash. */
  key: string;
}

export interface ApiKeyUpdate {
  name?: string;
  description?: string;
  active?: boolean;
}

export interface ProjectModel {
  id: string;
  name: string;
  displayName?: string;
  description?: string;
  created: string;
  updated: string;
}

export interface NewProject {
  name: string;
  displayName?: string;
  description?: string;
}

export type ProjectUpdate = Partial<NewProject>;

export const DEFAULT_PROJECT = 'default';
/** The `default` project's id, fixed so the unscoped store needs no lookup and migrated rows have a column default. */
export const DEFAULT_PROJECT_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Who works in which project through a store view: creates record the project and the owner,
 * lists and name lookups see that project only, and private secrets of others stay hidden.
 */
export interface StoreScope {
  /** Project name or id; the `default` project when omitted. */
  project?: string;
  /** The acting user's id; recorded as the owner of what is created. */
  userId?: string;
}
