/**
 * Chart.js set up for the report: only the controllers, elements and plugins the three charts use are
 * registered (tree-shaken bundle, nothing evaluated at run time, which the CSP forbids anyway).
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { computed, type ComputedRef } from 'vue';
import { useOsTheme } from 'naive-ui';
import { formatNumber, formatPercent } from '../../lib/dates';
import type { MfaState } from '../../../../src-shared/domain';

Chart.register(
  DoughnutController,
  ArcElement,
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Filler,
  Tooltip,
  Legend,
);

/** Canvas cannot read CSS variables: the state colours, matching the console's badges on both themes. */
export const STATE_COLOURS: Record<MfaState, string> = {
  on: '#16a34a',
  pending: '#3b82f6',
  off: '#d97706',
  locked: '#dc2626',
};

/** The order the charts and legends list states in: protected first, then the gaps. */
export const CHART_STATES: readonly MfaState[] = ['on', 'pending', 'off', 'locked'];

export interface ChartTheme {
  text: string;
  grid: string;
  line: string;
}

/** Text and grid colours for the current OS theme, so the charts stay legible in dark mode. */
export function useChartTheme(): ComputedRef<ChartTheme> {
  const os = useOsTheme();
  return computed(() =>
    os.value === 'dark'
      ? { text: '#d1d5db', grid: 'rgba(255,255,255,0.12)', line: '#60a5fa' }
      : { text: '#374151', grid: 'rgba(0,0,0,0.08)', line: '#2563eb' },
  );
}

/** A share as the console's language writes it: "83.3%", "83,3 %". */
export function percent(share: number, digits = 1): string {
  return formatPercent(share, digits);
}

/** Counts as the console's language writes them (read at each use, so a switch of language shows). */
export const count = { format: (value: number) => formatNumber(value) };
