// Every migration, in the order it runs. A capability adds its tables by adding the next
// numbered file and listing it here; never edit or reorder a migration that has shipped.
import type { Migration } from './migration.ts';
import { migration001 } from './001-init.ts';
import { migration002 } from './002-sip.ts';

export type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
