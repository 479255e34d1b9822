// How much history PBXScope keeps: by age and by database size.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useClient } from '../../client/client-context.tsx';
import { DatabaseIcon } from '../../components/icons.tsx';
import { Notice } from '../../components/notice.tsx';
import { formatBytes } from '../../format/bytes.ts';
import { useHealthStore } from '../../state/health-store.ts';
import { useSettingsStore } from '../../state/settings-store.ts';
import {
  MAX_AGE_DAYS_MAX,
  MAX_AGE_DAYS_MIN,
  SIZE_UNITS,
  draftToRetention,
  retentionDraftFrom,
  validateRetention,
  type RetentionDraft,
  type SizeUnit,
} from './retention-form.ts';

/** How long the "Saved" confirmation stays next to the button. */
const SAVED_FEEDBACK_MS = 2500;

export function RetentionCard() {
  const client = useClient();
  const settings = useSettingsStore((s) => s.settings);
  const status = useSettingsStore((s) => s.status);
  const dbBytes = useHealthStore((s) => s.health?.dbBytes) ?? status?.dbBytes;
  const retention = settings?.retention;
  const [draft, setDraft] = useState<RetentionDraft | null>(retention ? retentionDraftFrom(retention) : null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const ids = useId();

  useEffect(() => {
    if (retention && draft === null) setDraft(retentionDraftFrom(retention));
  }, [retention, draft]);

  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(false), SAVED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [saved]);

  if (!retention || !draft) {
    return (
      <article className="card retention-card">
        <p className="muted">Loading storage settings…</p>
      </article>
    );
  }

  const errors = validateRetention(draft);
  const invalid = Object.keys(errors).length > 0;
  const base = retentionDraftFrom(retention);
  const dirty = draft.days.trim() !== base.days || draft.size.trim() !== base.size || draft.unit !== base.unit;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!draft || invalid || !dirty) return;
    setSaving(true);
    setError(null);
    const result = await client.invoke('settings.save', { retention: draftToRetention(draft) });
    setSaving(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useSettingsStore.setState({ settings: result.result });
    setDraft(retentionDraftFrom(result.result.retention));
    setSaved(true);
  }

  const used = dbBytes ?? null;
  const usedShare = used !== null ? Math.min(1, used / retention.maxBytes) : 0;
  return (
    <article className="card retention-card" data-testid="retention">
      <header className="card__head">
        <div>
          <h3 className="card__title">Storage</h3>
          <p className="card__subtitle">
            Older data is removed first once either limit is reached.
            {status?.dataDir && (
              <>
                {' '}
                Database in <code>{status.dataDir}</code>.
              </>
            )}
          </p>
        </div>
      </header>
      <div className="usage">
        <DatabaseIcon size={18} />
        <span className="usage__text">
          <span className="num">{used !== null ? formatBytes(used) : '–'}</span> used of{' '}
          <span className="num">{formatBytes(retention.maxBytes)}</span>
        </span>
        <span className="meter" aria-hidden="true">
          <span className="meter__fill" style={{ width: `${(usedShare * 100).toFixed(1)}%` }} />
        </span>
      </div>
      <form className="retention-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-days`}>Keep data for</label>
          <div className="input-with-unit">
            <input
              id={`${ids}-days`}
              type="text"
              inputMode="numeric"
              className="num"
              value={draft.days}
              aria-invalid={errors.days ? true : undefined}
              onChange={(e) => setDraft({ ...draft, days: e.target.value })}
            />
            <span className="unit">days</span>
          </div>
          {errors.days ? (
            <p className="field__error">{errors.days}</p>
          ) : (
            <p className="field__hint">
              {MAX_AGE_DAYS_MIN} to {MAX_AGE_DAYS_MAX}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-size`}>Cap the database at</label>
          <div className="input-with-unit">
            <input
              id={`${ids}-size`}
              type="text"
              inputMode="decimal"
              className="num"
              value={draft.size}
              aria-invalid={errors.size ? true : undefined}
              onChange={(e) => setDraft({ ...draft, size: e.target.value })}
            />
            <select
              aria-label="Size unit"
              value={draft.unit}
              onChange={(e) => setDraft({ ...draft, unit: e.target.value as SizeUnit })}
            >
              {Object.keys(SIZE_UNITS).map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </div>
          {errors.size ? <p className="field__error">{errors.size}</p> : <p className="field__hint">at least 16 MiB</p>}
        </div>
        <div className="retention-form__actions">
          {saved && !dirty && (
            <span className="saved" role="status">
              Saved
            </span>
          )}
          <button
            type="button"
            className="button button--quiet"
            disabled={!dirty || saving}
            onClick={() => setDraft(base)}
          >
            Revert
          </button>
          <button type="submit" className="button button--primary" disabled={!dirty || saving || invalid}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {error && <Notice tone="error">Could not save: {error}</Notice>}
    </article>
  );
}
