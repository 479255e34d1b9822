// The capture selector in the Calls toolbar: Live, or an imported capture by name. Switching it
// switches the list, the call view and the statistics (the address carries it: #/calls?capture=3).
import type { CaptureInfo } from '../../../../shared/contract.ts';
import { DatabaseIcon, ListIcon } from '../../../components/icons.tsx';
import { LIVE_CAPTURE } from '../call-route.ts';
import { captureOptionLabel } from './capture-text.ts';

export interface CapturePickerProps {
  capture: number;
  captures: readonly CaptureInfo[];
  onPick: (capture: number) => void;
  onManage: () => void;
}

export function CapturePicker({ capture, captures, onPick, onManage }: CapturePickerProps) {
  const known = capture === LIVE_CAPTURE || captures.some((c) => c.id === capture);
  // With nothing imported there is nothing to choose: live is all there is.
  if (captures.length === 0 && capture === LIVE_CAPTURE) return null;
  return (
    <div className={`capture-picker${capture !== LIVE_CAPTURE ? ' capture-picker--imported' : ''}`}>
      <label className="capture-picker__select">
        <DatabaseIcon size={15} />
        <span className="visually-hidden">Capture</span>
        <select
          value={String(capture)}
          onChange={(e) => onPick(Number(e.target.value))}
          aria-label="Capture"
          data-testid="capture-select"
          title="Which calls to show: live traffic, or a capture file imported earlier"
        >
          <option value={String(LIVE_CAPTURE)}>Live capture</option>
          {captures.length > 0 && (
            <optgroup label="Imported captures">
              {captures.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {captureOptionLabel(c)}
                </option>
              ))}
            </optgroup>
          )}
          {!known && <option value={String(capture)}>Capture {capture}</option>}
        </select>
      </label>
      {captures.length > 0 && (
        <button
          type="button"
          className="button button--quiet capture-picker__manage"
          onClick={onManage}
          aria-label="Manage imported captures"
          title="Imported captures: time spans, sizes, delete"
          data-testid="captures-manage"
        >
          <ListIcon size={16} />
        </button>
      )}
    </div>
  );
}
