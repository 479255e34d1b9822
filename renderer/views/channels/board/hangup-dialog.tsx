// "Hang up this channel?": names the PBX, the channel and who is on it, sends the Hangup action only
// on confirmation and shows what the PBX answered.
import type { AmiChannel, AmiConnectionInfo } from '../../../../shared/contract.ts';
import { useClient } from '../../../client/client-context.tsx';
import { AmiActionDialog } from '../../sources/ami/action-dialog.tsx';
import { ChannelDuration, Party, location } from './channel-columns.tsx';

export function HangupDialog({
  channel,
  pbx,
  onClose,
}: {
  channel: AmiChannel;
  pbx: AmiConnectionInfo | undefined;
  onClose: () => void;
}) {
  const client = useClient();
  return (
    <AmiActionDialog
      title="Hang up this channel?"
      confirmLabel="Hang up"
      danger
      testId="hangup-dialog"
      onClose={onClose}
      run={() => client.invoke('ami.action', { action: 'hangup', pbx: channel.pbx, channel: channel.channel })}
    >
      <p>
        The call on this channel ends for everyone on it. <strong>{pbx?.name ?? channel.pbx}</strong> is asked to hang
        it up with the AMI <code>Hangup</code> action.
      </p>
      <dl className="dialog__facts">
        <dt>Channel</dt>
        <dd>{channel.channel}</dd>
        <dt>Caller</dt>
        <dd>
          <Party num={channel.callerIdNum} name={channel.callerIdName} />
        </dd>
        <dt>Connected to</dt>
        <dd>
          <Party num={channel.connectedLineNum} name={channel.connectedLineName} />
        </dd>
        <dt>State</dt>
        <dd>
          {channel.state} · <ChannelDuration channel={channel} /> · {location(channel)}
        </dd>
      </dl>
    </AmiActionDialog>
  );
}
