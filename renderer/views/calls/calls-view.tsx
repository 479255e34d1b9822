import { CallsIcon } from '../../components/icons.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { hepSnippets } from '../../onboarding/hep-snippets.ts';
import { SourceSetup } from '../../onboarding/source-setup.tsx';

export function CallsView() {
  return (
    <div className="view" data-testid="view-calls">
      <EmptyState
        testId="empty-calls"
        icon={<CallsIcon size={28} />}
        title="No calls captured yet"
        lead="Calls lists every SIP dialog PBXScope captures — caller, callee, outcome, setup time and duration — with a ladder diagram of each call's messages."
      >
        <SourceSetup
          source="hep"
          heading="Send SIP traffic here as HEP"
          snippets={(target, settings) => hepSnippets(target, settings.hepAuthKey)}
        />
      </EmptyState>
    </div>
  );
}
