// Settings persist as one row per key with a JSON value; the core merges them with defaults.
import type Database from 'better-sqlite3';
import { errorText } from './error-text.ts';
import type { SettingsPutRow } from './write-kinds.ts';

export interface SettingsRead {
  values: Record<string, unknown>;
  /** One line per stored value that could not be read back. */
  problems: string[];
}

/** Every stored key with its parsed value; a corrupt value is left out and described in `problems`. */
export function readSettings(reader: Database.Database): SettingsRead {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  let rows: { key: string; value: string }[];
  try {
    rows = reader.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[];
  } catch (err) {
    return { values, problems: [`settings could not be read: ${errorText(err)}`] };
  }
  for (const { key, value } of rows) {
    try {
      values[key] = JSON.parse(value) as unknown;
    } catch (err) {
      problems.push(`setting "${key}" is not valid JSON and was ignored: ${errorText(err)}`);
    }
  }
  return { values, problems };
}

/** All keys, JSON-parsed. A corrupt value is skipped and passed to `report` instead of thrown. */
export function loadSettings(
  reader: Database.Database,
  report: (message: string) => void = () => undefined,
): Record<string, unknown> {
  const { values, problems } = readSettings(reader);
  for (const p of problems) report(p);
  return values;
}

/** The `settings.put` row for a key and a JSON-serialisable value. */
export function settingRow(key: string, value: unknown): SettingsPutRow {
  // JSON.stringify(undefined) is undefined, which the NOT NULL column would refuse; store null.
  return { key, value: JSON.stringify(value) ?? 'null' };
}
