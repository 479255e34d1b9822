// A PBX's name with its colour tag, the same in every AMI view (asterisk-ami-client#13: with several
// PBXs in one client, every row must say which one it came from).
import type { AmiConnectionInfo } from '../../../../shared/contract.ts';

/** Rows of a connection deleted since they arrived still need a colour. */
const UNKNOWN_PBX_COLOR = '#6b7688';

export function PbxTag({ id, pbx }: { id: string; pbx: AmiConnectionInfo | undefined }) {
  const name = pbx?.name ?? id;
  return (
    <span
      className="pbx-tag"
      style={{ ['--pbx-color' as string]: pbx?.color ?? UNKNOWN_PBX_COLOR }}
      title={pbx ? `${pbx.name} (${pbx.host}:${pbx.port})` : `PBX ${id} (no longer configured)`}
      data-testid="pbx-tag"
    >
      <span className="pbx-tag__swatch" aria-hidden="true" />
      <span className="pbx-tag__name">{name}</span>
    </span>
  );
}
