// A raw SIP message with its parts told apart: start line, header names, header values, and the
// SDP body (type letters and values), as in Wireshark's and sngrep's message views.
import { Fragment } from 'react';
import { sipLines, type SipLine } from './sip-text.ts';

function Line({ line }: { line: SipLine }) {
  switch (line.kind) {
    case 'start':
      return <span className="sip-start">{line.text}</span>;
    case 'header':
      return (
        <>
          <span className="sip-hname">{line.name}</span>
          <span className="sip-colon">:</span>
          <span className="sip-hvalue">{line.value}</span>
        </>
      );
    case 'continuation':
      return <span className="sip-hvalue">{line.text}</span>;
    case 'blank':
      return null;
    case 'sdp':
      return (
        <>
          <span className="sdp-key">{line.key}</span>
          <span className="sip-colon">=</span>
          <span className="sdp-value">{line.value}</span>
        </>
      );
    case 'body':
      return <span className="sip-body">{line.text}</span>;
  }
}

export function RawSip({ raw }: { raw: string }) {
  const lines = sipLines(raw);
  return (
    <pre className="raw-sip" data-testid="raw-sip">
      <code>
        {lines.map((line, i) => (
          <Fragment key={i}>
            <Line line={line} />
            {'\n'}
          </Fragment>
        ))}
      </code>
    </pre>
  );
}
