import { QueuesIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { AmiSetup } from '../../onboarding/ami-setup.tsx';

export function QueuesView() {
  return (
    <div className="view" data-testid="view-queues">
      <EmptyState
        testId="empty-queues"
        icon={<QueuesIcon size={28} />}
        title="No queues to show"
        lead="Queues is a wallboard of each Asterisk queue: callers waiting, the longest wait, calls answered and abandoned, and every agent's state."
      >
        <AmiSetup />
      </EmptyState>
    </div>
  );
}
