// Ratios from the core arrive as percentages or null (nothing to divide by); null reads as a dash.

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(value >= 99.95 || value === 0 ? 0 : 1)} %`;
}
