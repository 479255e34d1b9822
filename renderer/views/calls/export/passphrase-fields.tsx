// Bundles only: an optional passphrase (typed twice) that encrypts the bundle. The core derives
// the key with scrypt and keeps no copy, so a forgotten passphrase is a lost bundle: say so.
import { useId } from 'react';

/** The contract's minimum (ExportSnapshotSchema): short passphrases fall to a guessing attack. */
export const MIN_PASSPHRASE_LENGTH = 8;
/** The contract's maximum. */
export const MAX_PASSPHRASE_LENGTH = 1024;

export interface PassphraseValue {
  passphrase: string;
  confirm: string;
}

export const NO_PASSPHRASE: PassphraseValue = { passphrase: '', confirm: '' };

/** Null when the value can be sent (empty means "not encrypted"), else what to fix. */
export function passphraseProblem(v: PassphraseValue): { field: 'passphrase' | 'confirm'; message: string } | null {
  if (v.passphrase === '' && v.confirm === '') return null;
  if (v.passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return { field: 'passphrase', message: `At least ${MIN_PASSPHRASE_LENGTH} characters` };
  }
  if (v.confirm === '') return { field: 'confirm', message: 'Type it again to confirm it' };
  if (v.confirm !== v.passphrase) return { field: 'confirm', message: 'The two passphrases differ' };
  return null;
}

export function PassphraseFields({
  value,
  onChange,
  disabled,
}: {
  value: PassphraseValue;
  onChange: (next: PassphraseValue) => void;
  disabled: boolean;
}) {
  const id = useId();
  const problem = passphraseProblem(value);
  // A confirmation still being typed is not wrong yet.
  const show = problem !== null && !(problem.field === 'confirm' && value.passphrase.startsWith(value.confirm));
  return (
    <fieldset className="field export-passphrase" disabled={disabled} data-testid="export-passphrase">
      <legend>Encrypt the bundle (optional)</legend>
      <div className="export-passphrase__row">
        <div className="field">
          <label htmlFor={`${id}-p`}>Passphrase</label>
          <input
            id={`${id}-p`}
            type="password"
            autoComplete="new-password"
            maxLength={MAX_PASSPHRASE_LENGTH}
            value={value.passphrase}
            aria-invalid={show && problem?.field === 'passphrase' ? true : undefined}
            onChange={(e) => onChange({ ...value, passphrase: e.target.value })}
            data-testid="export-passphrase-input"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-c`}>Repeat it</label>
          <input
            id={`${id}-c`}
            type="password"
            autoComplete="new-password"
            maxLength={MAX_PASSPHRASE_LENGTH}
            value={value.confirm}
            aria-invalid={show && problem?.field === 'confirm' ? true : undefined}
            onChange={(e) => onChange({ ...value, confirm: e.target.value })}
            data-testid="export-passphrase-confirm"
          />
        </div>
      </div>
      {show && problem ? (
        <p className="field__error" role="alert">
          {problem.message}
        </p>
      ) : (
        <p className="field__hint">
          Leave empty for an unencrypted bundle. The passphrase cannot be recovered: without it nobody, not even
          PBXScope, can open the bundle.
        </p>
      )}
    </fieldset>
  );
}
