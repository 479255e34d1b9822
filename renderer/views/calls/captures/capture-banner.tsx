// Says, above the list or the call, that what is shown is an imported capture and not live traffic,
// with its name, time span, size and content, and the way back to live.
import type { CaptureInfo } from '../../../../shared/contract.ts';
import { FileIcon } from '../../../components/icons.tsx';
import { Notice } from '../../../components/notice.tsx';
import { formatBytes } from '../../../format/bytes.ts';
import { callsText, captureSpan, messagesText } from './capture-text.ts';

export interface CaptureBannerProps {
  capture: number;
  info: CaptureInfo | undefined;
  /** The captures list has answered: a capture missing from it is gone, not still loading. */
  loaded: boolean;
  onLive: () => void;
}

export function CaptureBanner({ capture, info, loaded, onLive }: CaptureBannerProps) {
  const back = (
    <button type="button" className="button" onClick={onLive} data-testid="capture-back-live">
      Back to live
    </button>
  );
  if (!info && loaded) {
    return (
      <div className="capture-banner capture-banner--missing" data-testid="capture-banner">
        <Notice tone="warning">
          Capture {capture} is not stored any more: it may have been deleted. {back}
        </Notice>
      </div>
    );
  }
  return (
    <div className="capture-banner" role="status" data-testid="capture-banner">
      <span className="capture-banner__icon">
        <FileIcon size={18} />
      </span>
      <div className="capture-banner__text">
        <p className="capture-banner__title">
          Imported capture <strong data-testid="capture-banner-name">{info ? info.name : `#${capture}`}</strong>
        </p>
        {info && (
          <p className="capture-banner__facts num">
            {captureSpan(info)} · {formatBytes(info.fileBytes)} · {callsText(info.calls)} ·{' '}
            {messagesText(info.messages)}
            <span className="capture-banner__note"> — live traffic is not shown here</span>
          </p>
        )}
      </div>
      {back}
    </div>
  );
}
