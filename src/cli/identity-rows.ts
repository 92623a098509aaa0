import type { ApiKeyModel, ProjectModel, UserModel } from '../core/identity-entities.js';
import type { Column } from './output.js';

export const userColumns: Column<UserModel>[] = [
  { header: 'name', get: (u) => u.name },
  { header: 'id', get: (u) => u.id },
  { header: 'full name', get: (u) => u.fullName },
  { header: 'admin', get: (u) => u.isAdmin, kind: 'flag' },
  { header: 'active', get: (u) => u.active, kind: 'flag' },
  { header: 'created', get: (u) => u.created, kind: 'date' },
];

export const serviceAccountColumns: Column<UserModel>[] = [
  { header: 'name', get: (u) => u.name },
  { header: 'id', get: (u) => u.id },
  { header: 'description', get: (u) => u.description },
  { header: 'active', get: (u) => u.active, kind: 'flag' },
  { header: 'created', get: (u) => u.created, kind: 'date' },
];

export const apiKeyColumns: Column<ApiKeyModel>[] = [
  { header: 'name', get: (k) => k.name },
  { header: 'id', get: (k) => k.id },
  { header: 'description', get: (k) => k.description },
  { header: 'active', get: (k) => k.active, kind: 'flag' },
  { header: 'last login', get: (k) => k.lastLogin },
  { header: 'last rotated', get: (k) => k.lastRotated },
];

export const projectColumns = (activeId?: string): Column<ProjectModel>[] => [
  { header: 'active', get: (p) => p.id === activeId, kind: 'flag' },
  { header: 'name', get: (p) => p.name },
  { header: 'id', get: (p) => p.id },
  { header: 'display name', get: (p) => p.displayName },
  { header: 'description', get: (p) => p.description },
];
