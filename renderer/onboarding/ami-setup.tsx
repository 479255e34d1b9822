// "How to connect an Asterisk" for the AMI-fed views: a manager.conf user that admits this machine.
import { useState } from 'react';
import { Notice } from '../components/notice.tsx';
import { SnippetBlock } from '../components/snippet-block.tsx';
import { useSettingsStore } from '../state/settings-store.ts';
import { amiSnippets, randomSecret } from './ami-snippets.ts';
import { preferredHostAddress } from './send-target.ts';

export function AmiSetup() {
  const status = useSettingsStore((s) => s.status);
  // One secret per visit: stable while the user copies it, never reused across installs.
  const [secret] = useState(randomSecret);
  const laptop = preferredHostAddress(status?.hostAddresses, false);

  return (
    <div className="setup">
      <h3 className="setup__heading">Let PBXScope log in to Asterisk</h3>
      <p className="setup__text">
        PBXScope connects to the PBX&apos;s Asterisk Manager Interface (TCP 5038, or 5039 with TLS). Add this user on
        the PBX; the ACL admits only this machine
        {laptop ? (
          <>
            {' '}
            (<code>{laptop}</code>)
          </>
        ) : null}
        .
      </p>
      {!laptop && status && (
        <Notice tone="info">
          PBXScope could not list this machine&apos;s network addresses; replace 127.0.0.1 in <code>permit</code> with
          the address the PBX sees for this machine.
        </Notice>
      )}
      <div className="setup__snippets">
        {amiSnippets(laptop ?? '127.0.0.1', secret).map((s) => (
          <SnippetBlock key={s.id} snippet={s} />
        ))}
      </div>
    </div>
  );
}
