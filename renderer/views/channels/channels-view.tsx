import { ChannelsIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { AmiSetup } from '../../onboarding/ami-setup.tsx';

export function ChannelsView() {
  return (
    <div className="view" data-testid="view-channels">
      <EmptyState
        testId="empty-channels"
        icon={<ChannelsIcon size={28} />}
        title="No live channels"
        lead="Channels is a live board of every Asterisk channel: who is talking to whom, its state, how long it has been up and the application it is in."
      >
        <AmiSetup />
      </EmptyState>
    </div>
  );
}
