// Response codes as a bar chart (chart.js, no animation: a monitor refreshes, it does not perform).
// One chart instance per mount, updated in place on every refresh; colours follow the code class
// and the theme.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { resolveTheme, useThemeStore } from '../../../state/theme-store.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Bars shown; the core already sends the most frequent codes first. */
export const MAX_CHART_CODES = 16;

/** CSS custom property per response class, read at draw time so both themes apply. */
const CLASS_COLOURS: Record<number, string> = {
  1: '--text-faint',
  2: '--ok',
  3: '--accent',
  4: '--warn',
  5: '--bad',
  6: '--bad',
};

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function ResponseCodeChart({ codes }: { codes: readonly { code: number; count: number }[] }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const chartRef = useRef<Chart<'bar', number[], string> | null>(null);
  const theme = useThemeStore((s) => resolveTheme(s.choice, s.prefersDark));

  useEffect(() => {
    const canvas = canvasRef.current;
    // No 2D context (a test DOM): the table beside the chart still carries the numbers.
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const chart = new Chart<'bar', number[], string>(ctx, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], borderRadius: 3, maxBarThickness: 28 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { displayColors: false } },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const shown = codes.slice(0, MAX_CHART_CODES).sort((a, b) => a.code - b.code);
    const dataset = chart.data.datasets[0];
    if (!dataset) return;
    chart.data.labels = shown.map((c) => String(c.code));
    dataset.data = shown.map((c) => c.count);
    dataset.backgroundColor = shown.map((c) => cssVar(CLASS_COLOURS[Math.floor(c.code / 100)] ?? '--idle'));
    const text = cssVar('--text-muted');
    const grid = cssVar('--border');
    for (const axis of [chart.options.scales?.x, chart.options.scales?.y]) {
      if (!axis) continue;
      axis.ticks = { ...axis.ticks, color: text };
      axis.grid = { ...axis.grid, color: grid };
      axis.border = { ...axis.border, color: grid };
    }
    chart.update('none');
  }, [codes, theme]);

  return (
    <div className="code-chart">
      <canvas ref={canvasRef} role="img" aria-label="Response codes by count" />
    </div>
  );
}
