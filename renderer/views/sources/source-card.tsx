// One network source: its saved config as an editable form, and the live state of its sockets.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  SOURCE_LABELS,
  type ListenerHealth,
  type ListenerStatus,
  type SourceConfig,
  type SourceView,
  type TransportProto,
} from '../../../shared/contract.ts';
import { useClient } from '../../client/client-context.tsx';
import { Notice } from '../../components/notice.tsx';
import { SOURCE_TITLES } from '../../onboarding/source-names.ts';
import { ListenerRow } from './listener-row.tsx';
import {
  PORT_MAX,
  PORT_MIN,
  draftFrom,
  draftToPatch,
  hasErrors,
  isDirty,
  validateDraft,
  type SourceDraft,
} from './source-form.ts';

/** How long the "Saved" confirmation stays next to the button. */
const SAVED_FEEDBACK_MS = 2500;
const PROTOS: readonly TransportProto[] = ['udp', 'tcp'];

export interface SourceCardProps {
  view: SourceView;
  /** Live counters from `ingest.health`, fresher than `view.listeners` when `liveIsNewer`. */
  live: ListenerHealth[];
  liveIsNewer: boolean;
  /** Addresses offered as bind address suggestions. */
  hostAddresses: readonly string[];
  onSaved: (views: SourceView[]) => void;
}

export function SourceCard({ view, live, liveIsNewer, hostAddresses, onSaved }: SourceCardProps) {
  const client = useClient();
  const { config } = view;
  const [draft, setDraft] = useState<SourceDraft>(() => draftFrom(config));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Outcome of the last form save, shown next to the buttons for a moment. */
  const [saved, setSaved] = useState<'ok' | 'with-errors' | null>(null);
  const [touched, setTouched] = useState(false);
  const baseRef = useRef(config);
  const ids = useId();

  // A config that changed underneath (another window, a refetch) replaces an untouched form.
  useEffect(() => {
    if (!isDirty(draft, baseRef.current)) setDraft(draftFrom(config));
    baseRef.current = config;
    // Only a new config triggers this; the draft is read, not watched.
  }, [config]);

  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(null), SAVED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [saved]);

  const errors = validateDraft(draft, config.enabled);
  const dirty = isDirty(draft, config);

  /** `fromForm`: the draft was saved, so it becomes the new baseline; a switch toggle leaves edits alone. */
  async function save(patch: Partial<SourceConfig>, fromForm: boolean): Promise<void> {
    setSaving(true);
    setError(null);
    const result = await client.invoke('sources.save', { name: config.name, ...patch });
    setSaving(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const next = result.result.find((v) => v.config.name === config.name);
    if (next && fromForm) {
      baseRef.current = next.config;
      setDraft(draftFrom(next.config));
    }
    // Saved is not the same as listening: a port in use comes back as a socket error, not a refusal.
    const failed = next?.listeners.some((l) => l.state === 'error') ?? false;
    setSaved(fromForm ? (failed ? 'with-errors' : 'ok') : null);
    onSaved(result.result);
  }

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    setTouched(true);
    if (hasErrors(errors) || !dirty) return;
    void save(draftToPatch(config.name, draft), true);
  };

  const listenerFor = (proto: TransportProto): ListenerStatus | ListenerHealth | null => {
    const fromLive = live.find((l) => l.proto === proto);
    const fromList = view.listeners.find((l) => l.proto === proto);
    return (liveIsNewer ? (fromLive ?? fromList) : (fromList ?? fromLive)) ?? null;
  };

  const showErrors = touched || dirty;
  return (
    <article
      className={`card source-card${config.enabled ? '' : ' source-card--off'}`}
      data-testid={`source-${config.name}`}
    >
      <header className="card__head">
        <div>
          <h3 className="card__title">{SOURCE_TITLES[config.name]}</h3>
          <p className="card__subtitle">{SOURCE_LABELS[config.name]}</p>
        </div>
        <label className="switch" title={config.enabled ? 'Stop listening' : 'Start listening'}>
          <input
            type="checkbox"
            role="switch"
            checked={config.enabled}
            disabled={saving}
            aria-label={`${SOURCE_TITLES[config.name]} enabled`}
            onChange={(e) => void save({ enabled: e.target.checked }, false)}
          />
          <span className="switch__track" aria-hidden="true" />
          <span className="switch__label">{config.enabled ? 'On' : 'Off'}</span>
        </label>
      </header>

      <form className="source-form" onSubmit={onSubmit} noValidate>
        <div className="field field--host">
          <label htmlFor={`${ids}-host`}>Bind address</label>
          <input
            id={`${ids}-host`}
            type="text"
            spellCheck={false}
            autoComplete="off"
            list={`${ids}-hosts`}
            value={draft.host}
            aria-invalid={showErrors && errors.host ? true : undefined}
            aria-describedby={showErrors && errors.host ? `${ids}-host-error` : undefined}
            onChange={(e) => setDraft({ ...draft, host: e.target.value })}
          />
          <datalist id={`${ids}-hosts`}>
            <option value="0.0.0.0">every IPv4 interface</option>
            <option value="::">every interface (IPv4 and IPv6)</option>
            <option value="127.0.0.1">this machine only</option>
            {hostAddresses.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="field field--port">
          <label htmlFor={`${ids}-port`}>Port</label>
          <input
            id={`${ids}-port`}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            className="num"
            value={draft.port}
            aria-invalid={showErrors && errors.port ? true : undefined}
            aria-describedby={showErrors && errors.port ? `${ids}-port-error` : `${ids}-port-hint`}
            onChange={(e) => setDraft({ ...draft, port: e.target.value })}
          />
          <span id={`${ids}-port-hint`} className="visually-hidden">
            {PORT_MIN} to {PORT_MAX}
          </span>
        </div>
        <fieldset className="field field--transports">
          <legend>Transport</legend>
          <div className="toggles">
            {PROTOS.map((proto) => (
              <label key={proto} className="toggle">
                <input
                  type="checkbox"
                  checked={draft[proto]}
                  onChange={(e) => setDraft({ ...draft, [proto]: e.target.checked })}
                />
                <span>{proto.toUpperCase()}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {showErrors && hasErrors(errors) && (
          <ul className="source-form__errors">
            {errors.host && <li id={`${ids}-host-error`}>{errors.host}</li>}
            {errors.port && <li id={`${ids}-port-error`}>{errors.port}</li>}
            {errors.transport && <li>{errors.transport}</li>}
          </ul>
        )}
        {(dirty || saving || saved) && (
          <div className="source-form__actions">
            {saved && !dirty && (
              <span className={saved === 'ok' ? 'saved' : 'saved saved--partial'} role="status">
                {saved === 'ok' ? 'Saved' : 'Saved, but a socket could not be opened'}
              </span>
            )}
            <button
              type="button"
              className="button button--quiet"
              disabled={!dirty || saving}
              onClick={() => setDraft(draftFrom(config))}
            >
              Revert
            </button>
            <button type="submit" className="button button--primary" disabled={!dirty || saving || hasErrors(errors)}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        )}
      </form>

      {error && (
        <Notice tone="error" testId={`source-${config.name}-error`}>
          Could not save: {error}
        </Notice>
      )}

      <div className="listeners">
        {PROTOS.map((proto) => (
          <ListenerRow key={proto} proto={proto} listener={listenerFor(proto)} />
        ))}
      </div>
    </article>
  );
}
