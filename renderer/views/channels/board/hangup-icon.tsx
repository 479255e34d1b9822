// A handset turned down: the universal "end call" glyph, drawn like the shared icons (24-unit grid).
export function HangupIcon({ size = 16 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3.5 14.5c4.7-4.6 12.3-4.6 17 0l-1.9 2.6-3.4-1.2-.4-2.5a9.6 9.6 0 0 0-5.6 0l-.4 2.5-3.4 1.2z" />
    </svg>
  );
}
