// Small line icons drawn inline: a kiosk PC's Linux often has no emoji font, so no emoji.
const base = { fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

export function IconText({ size = '1em' }: { size?: string }) {
  // "A+" for the large-text mode
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" {...base}>
      <path d="M3 19 8.5 5h1L15 19M5.2 14h7.6" />
      <path d="M19 6v8M15 10h8" />
    </svg>
  );
}

export function IconCalendar({ size = '1em' }: { size?: string }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" {...base}>
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4M8 14h2M14 14h2M8 17.5h2" />
    </svg>
  );
}

export function IconAccess({ size = '1em' }: { size?: string }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" {...base}>
      <circle cx="11" cy="4" r="1.8" />
      <path d="M11 7v6h6l2 6" />
      <path d="M11 10h5" />
      <path d="M8 11.5a5.5 5.5 0 1 0 7.4 7.3" />
    </svg>
  );
}

export function IconCamera({ size = '1em' }: { size?: string }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" {...base}>
      <path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1Z" />
      <circle cx="12" cy="13.5" r="3.5" />
    </svg>
  );
}

export function IconSearch({ size = '1em' }: { size?: string }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" {...base}>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="m15.5 15.5 5 5" />
    </svg>
  );
}
