// Every migration, in the order it runs. A capability adds its tables by adding the next
// numbered file and listing it here; never edit or reorder a migration that has shipped.
import type { Migration } from './migration.ts';
import { migration001 } from './001-init.ts';
import { migration002 } from './002-sip.ts';
import { migration003 } from './003-captures.ts';
import { migration004 } from './004-ami.ts';

export type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];
