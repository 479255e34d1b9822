// One configuration snippet: where it goes, the text, a copy button, and how to apply it.
import type { Snippet } from '../onboarding/snippet.ts';
import { CopyButton } from './copy-button.tsx';

export function SnippetBlock({ snippet }: { snippet: Snippet }) {
  return (
    <figure className="snippet" data-testid={`snippet-${snippet.id}`}>
      <figcaption className="snippet__head">
        <span className="snippet__title">{snippet.title}</span>
        {snippet.file !== 'shell' && <code className="snippet__file">{snippet.file}</code>}
        <CopyButton text={snippet.code} />
      </figcaption>
      <pre className="snippet__code">
        <code>{snippet.code}</code>
      </pre>
      {(snippet.apply || snippet.note) && (
        <div className="snippet__foot">
          {snippet.note && <p className="snippet__note">{snippet.note}</p>}
          {snippet.apply && (
            <p className="snippet__apply">
              Then run <code>{snippet.apply}</code>
            </p>
          )}
        </div>
      )}
    </figure>
  );
}
