// Add or edit a PBX connection. The secret field is write-only: it starts empty, a stored secret
// shows only as "stored", and an empty field on save keeps it. Turning certificate checks off or
// actions on says plainly what that allows.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { AmiConnectionInfo, ResultOf } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { Notice } from '../../../components/notice.tsx';
import {
  AMI_TLS_PORT,
  PBX_SWATCHES,
  canTest,
  draftFrom,
  hasErrors,
  newDraft,
  saveParams,
  testParams,
  validateDraft,
  withTls,
  type ConnectionDraft,
  type DraftErrors,
} from './connection-draft.ts';
import { TestResult } from './test-result.tsx';

export interface ConnectionFormProps {
  /** The connection being edited; absent to add one. */
  editing?: AmiConnectionInfo;
  /** Colours other PBXs use, so a new one gets a different tag. */
  usedColors: readonly string[];
  onDone: () => void;
}

type TestState = { running: true } | { running: false; result: ResultOf<'ami.connections.test'> } | null;

export function ConnectionForm({ editing, usedColors, onDone }: ConnectionFormProps) {
  const client = useClient();
  const ids = useId();
  const [draft, setDraft] = useState<ConnectionDraft>(() => (editing ? draftFrom(editing) : newDraft(usedColors)));
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [test, setTest] = useState<TestState>(null);
  const stored = editing?.hasSecret === true;
  const errors = validateDraft(draft, stored);
  const shown: DraftErrors = touched ? errors : {};

  const set = <K extends keyof ConnectionDraft>(key: K, value: ConnectionDraft[K]): void => {
    setDraft((d) => ({ ...d, [key]: value }));
    // A result describes the settings it ran with; after an edit it would mislead.
    setTest(null);
  };

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setTouched(true);
    if (hasErrors(errors)) return;
    setSaving(true);
    setSaveError(null);
    const result = await client.invoke('ami.connections.save', saveParams(draft, editing?.id));
    setSaving(false);
    if (result.ok) onDone();
    else setSaveError(result.message);
  }

  async function runTest(): Promise<void> {
    setTest({ running: true });
    const result = await client.invoke('ami.connections.test', testParams(draft, editing?.id));
    setTest({ running: false, result: result.ok ? result.result : { ok: false, error: result.message } });
  }

  const field = (
    key: keyof DraftErrors,
    label: string,
    input: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode,
    hint?: ReactNode,
  ): ReactNode => {
    const id = `${ids}-${key}`;
    const error = shown[key];
    return (
      <div className={`field ami-form__${key}`}>
        <label htmlFor={id}>{label}</label>
        {input({
          id,
          ...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}),
        })}
        {error ? (
          <span className="field__error" id={`${id}-error`}>
            {error}
          </span>
        ) : (
          hint
        )}
      </div>
    );
  };

  return (
    <form
      className="card ami-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : 'Add a PBX'}
      data-testid="ami-form"
    >
      <header className="card__head">
        <div>
          <h3 className="card__title">{editing ? `Edit ${editing.name}` : 'Add a PBX'}</h3>
          <p className="card__subtitle">An Asterisk Manager Interface login (manager.conf) on the PBX.</p>
        </div>
      </header>

      <div className="ami-form__grid">
        {field('name', 'Name', (p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="Office PBX"
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
          />
        ))}
        <fieldset className="field ami-form__color">
          <legend>Colour tag</legend>
          <div className="swatches" role="radiogroup" aria-label="Colour tag">
            {PBX_SWATCHES.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={draft.color.toLowerCase() === c}
                aria-label={c}
                className={`swatch${draft.color.toLowerCase() === c ? ' swatch--on' : ''}`}
                style={{ background: c }}
                onClick={() => set('color', c)}
              />
            ))}
            <input
              type="color"
              className="swatch swatch--custom"
              aria-label="Custom colour"
              value={draft.color}
              onChange={(e) => set('color', e.target.value)}
            />
          </div>
        </fieldset>
        {field('host', 'Host', (p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="pbx.example.com or 192.0.2.10"
            value={draft.host}
            onChange={(e) => set('host', e.target.value)}
          />
        ))}
        {field('port', 'Port', (p) => (
          <input
            {...p}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            className="num"
            value={draft.port}
            onChange={(e) => set('port', e.target.value.replace(/\D/g, ''))}
          />
        ))}
        {field('username', 'Username', (p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="pbxscope"
            value={draft.username}
            onChange={(e) => set('username', e.target.value)}
          />
        ))}
        {field(
          'secret',
          'Secret',
          (p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={stored ? 'Stored — type to replace' : ''}
              value={draft.secret}
              data-testid="ami-secret"
              onChange={(e) => set('secret', e.target.value)}
            />
          ),
          stored ? (
            <span className="field__hint ami-form__stored" data-testid="ami-secret-stored">
              <span className="dot dot--listening" aria-hidden="true" /> A secret is stored; leave empty to keep it.
            </span>
          ) : (
            <span className="field__hint">Kept encrypted on this machine, never shown again.</span>
          ),
        )}
      </div>

      <div className="ami-form__switches">
        <Switch
          label="TLS"
          detail={`Encrypted AMI (usually port ${AMI_TLS_PORT}); needs tlsenable in manager.conf.`}
          checked={draft.tls}
          onChange={(on) => {
            setDraft((d) => withTls(d, on));
            setTest(null);
          }}
        />
        <Switch
          label="Verify certificate"
          detail="Check the PBX's TLS certificate against the trusted authorities."
          checked={draft.tlsVerify}
          disabled={!draft.tls}
          onChange={(on) => set('tlsVerify', on)}
        />
        {draft.tls && !draft.tlsVerify && (
          <Notice tone="warning" testId="ami-tls-warning">
            The certificate is not checked: anyone on the path to the PBX could pose as it and read the secret and every
            event. Use this only for a PBX with a self-signed certificate on a network you trust.
          </Notice>
        )}
        <Switch
          label="Allow actions"
          detail="Hang up channels and pause or unpause queue members from PBXScope."
          checked={draft.actionsEnabled}
          onChange={(on) => set('actionsEnabled', on)}
        />
        {draft.actionsEnabled && (
          <Notice tone="warning" testId="ami-actions-warning">
            Anyone using this PBXScope can then <strong>hang up live calls</strong> and{' '}
            <strong>pause or unpause agents</strong> on this PBX. The manager.conf user also needs{' '}
            <code>write = call,agent</code>; leave this off for a read-only monitor.
          </Notice>
        )}
        <Switch
          label="Connect"
          detail="Keep a live connection to this PBX; off keeps the settings without connecting."
          checked={draft.enabled}
          onChange={(on) => set('enabled', on)}
        />
      </div>

      {test && <TestResult running={test.running} result={test.running ? null : test.result} />}
      {saveError && (
        <Notice tone="error" testId="ami-save-error">
          Could not save: {saveError}
        </Notice>
      )}

      <div className="ami-form__actions">
        <button
          type="button"
          className="button"
          data-testid="ami-test"
          disabled={!canTest(draft, stored) || test?.running === true}
          onClick={() => void runTest()}
        >
          {test?.running ? 'Testing…' : 'Test connection'}
        </button>
        <span className="ami-form__spacer" />
        <button type="button" className="button button--quiet" onClick={onDone} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="ami-save" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save' : 'Add PBX'}
        </button>
      </div>
    </form>
  );
}

function Switch({
  label,
  detail,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  detail: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className={`ami-switch${disabled ? ' ami-switch--disabled' : ''}`}>
      <span className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={disabled}
          aria-label={label}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span className="switch__track" aria-hidden="true" />
      </span>
      <span className="ami-switch__text">
        <span className="ami-switch__label">{label}</span>
        <span className="ami-switch__detail">{detail}</span>
      </span>
    </label>
  );
}
