/// <reference lib="dom" />
import type { ValueFormat } from '../site-types.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const currencyCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

/** Formats a value for a tile, axis or table cell. `percent` takes values already in percent (12.5 -> 12.5%). */
export function formatValue(value: unknown, format: ValueFormat): string {
  if (value === null || value === undefined) return '–';
  if (format === 'text' || typeof value === 'boolean') return String(value);
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && (value.trim() === '' || !Number.isFinite(n))) return value;
  if (!Number.isFinite(n)) return String(value);
  switch (format) {
    case 'integer':
      return integer.format(n);
    case 'currency':
      return Math.abs(n) < 1000 ? currencyCents.format(n) : currency.format(n);
    case 'percent':
      return `${decimal.format(n)}%`;
    default:
      return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
  }
}

/** Short form for axes: 1.2M, 35k. */
export function compact(value: number, format: ValueFormat): string {
  const abs = Math.abs(value);
  const short = abs >= 1e9 ? `${(value / 1e9).toFixed(1)}B` : abs >= 1e6 ? `${(value / 1e6).toFixed(1)}M` : abs >= 1e4 ? `${(value / 1e3).toFixed(0)}k` : decimal.format(value);
  if (format === 'currency') return `$${short}`;
  if (format === 'percent') return `${short}%`;
  return short;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
