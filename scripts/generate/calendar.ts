/**
 * The generator's calendar: a fixed 24-month order window (never "now", so output is the same on
 * every run), day weights for seasonality and weekday effects, and date formatting.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) for a calendar date. */
export function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** First and last day of orders; the data is "extracted" at the end of {@link AS_OF_DAY}. */
export const WINDOW_START = epochDay(2023, 1, 1);
export const WINDOW_END = epochDay(2024, 12, 31);
export const AS_OF_DAY = WINDOW_END;
export const AS_OF_DATE = '2024-12-31';
/** Customers sign up from a year before the order window until a month before its end. */
export const SIGNUP_START = epochDay(2022, 1, 1);
export const SIGNUP_END = epochDay(2024, 11, 30);

const dayCache = new Map<number, string>();

/** `YYYY-MM-DD` for an epoch day. */
export function formatDay(day: number): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dayCache.set(day, text);
  }
  return text;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** `YYYY-MM-DD HH:MM:SS` for an epoch day plus seconds into that day. */
export function formatTimestamp(day: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${formatDay(day)} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}`;
}

/** Month (1-12) of an epoch day. */
export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** Day of month (1-31) of an epoch day. */
export function dayOfMonth(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDate();
}

// Retail seasonality: a January lull, a summer sale bump, and the November/December peak.
const MONTH_FACTOR = [0.78, 0.8, 0.9, 0.92, 0.96, 0.98, 1.04, 0.97, 0.93, 1.0, 1.55, 1.8];
// Sunday .. Saturday: evenings and weekends shop more online, Saturdays a little less.
const WEEKDAY_FACTOR = [1.18, 1.02, 0.95, 0.95, 0.98, 1.04, 1.1];

/** Black Friday week and Cyber Monday get extra weight on top of the month factor. */
function eventFactor(day: number): number {
  const bf2023 = epochDay(2023, 11, 24);
  const bf2024 = epochDay(2024, 11, 29);
  for (const bf of [bf2023, bf2024]) {
    if (day === bf) return 3.2;
    if (day === bf + 3) return 2.4; // Cyber Monday
    if (day > bf - 4 && day < bf + 4) return 1.5;
  }
  const m = monthOf(day);
  const d = dayOfMonth(day);
  if (m === 12 && d >= 26) return 0.7; // after Christmas, before returns and gift cards
  return 1;
}

/** Relative order volume per day of the window: season x weekday x events x 15% yearly growth. */
export function orderDayWeights(): Float64Array {
  const days = WINDOW_END - WINDOW_START + 1;
  const weights = new Float64Array(days);
  for (let i = 0; i < days; i++) {
    const day = WINDOW_START + i;
    const weekday = new Date(day * MS_PER_DAY).getUTCDay();
    const growth = 1 + 0.15 * (i / 365);
    weights[i] = (MONTH_FACTOR[monthOf(day) - 1] as number) * (WEEKDAY_FACTOR[weekday] as number) * eventFactor(day) * growth;
  }
  return weights;
}

/** Hour-of-day weights (0-23): quiet nights, a lunch bump and an evening peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.5, 0.9, 1.2, 1.4, 1.5, 1.6, 1.9, 1.8, 1.5, 1.4, 1.4, 1.6, 1.9, 2.3, 2.5, 2.3, 1.7, 1.1,
];

/** A promotion: its code and the discount it gives on every item (a fraction, as written to CSV). */
export interface Promotion {
  readonly code: string;
  readonly discount: string;
}

function computePromotion(day: number): Promotion | undefined {
  const m = monthOf(day);
  const d = dayOfMonth(day);
  for (const bf of [epochDay(2023, 11, 24), epochDay(2024, 11, 29)]) {
    if (day >= bf && day <= bf + 3) return { code: 'BLACKFRIDAY', discount: '0.25' };
  }
  if (m === 12 && d <= 24) return { code: 'HOLIDAY15', discount: '0.15' };
  if (m === 7 && d <= 14) return { code: 'SUMMER20', discount: '0.20' };
  if (m === 1 && d <= 7) return { code: 'NEWYEAR10', discount: '0.10' };
  return undefined;
}

const WINDOW_PROMOTIONS: readonly (Promotion | undefined)[] = Array.from(
  { length: WINDOW_END - WINDOW_START + 1 },
  (_, i) => computePromotion(WINDOW_START + i),
);
const WINDOW_MONTHS = Int8Array.from({ length: WINDOW_END - WINDOW_START + 1 }, (_, i) => monthOf(WINDOW_START + i));

/** The promotion running on a day of the order window, if any (precomputed: called per order). */
export function promotionOn(day: number): Promotion | undefined {
  return WINDOW_PROMOTIONS[day - WINDOW_START];
}

/** Month (1-12) of a day in the order window (precomputed: called per order item). */
export function windowMonth(day: number): number {
  return WINDOW_MONTHS[day - WINDOW_START] ?? monthOf(day);
}
