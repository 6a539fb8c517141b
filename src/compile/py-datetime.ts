/**
 * Python-like dates and datetimes for templates, so dbt code that formats `run_started_at` or
 * calls `modules.datetime` renders as it does under dbt: `{{ run_started_at }}` prints
 * `2026-11-26 14:52:03.123000+00:00`, `.strftime('%Y-%m-%d')`, `.isoformat()`, `.date()`,
 * `.year`... Arithmetic (`run_started_at - timedelta(...)`) is not supported: nunjucks has no
 * operator overloading; format the date in SQL instead.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date and time; `utc` true for an aware datetime in UTC, false for a naive one (no zone). */
export class PyDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;

  /** `fields` are the wall-clock values; `utc` says whether they are UTC (aware) or naive. */
  constructor(fields: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; microsecond?: number }, readonly utc: boolean) {
    this.year = fields.year;
    this.month = fields.month;
    this.day = fields.day;
    this.hour = fields.hour ?? 0;
    this.minute = fields.minute ?? 0;
    this.second = fields.second ?? 0;
    this.microsecond = fields.microsecond ?? 0;
  }

  /** The moment `date`, in UTC (aware) or as local wall-clock time (naive, as Python's now()). */
  static fromDate(date: Date, utc: boolean): PyDateTime {
    return utc
      ? new PyDateTime({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), microsecond: date.getUTCMilliseconds() * 1000 }, true)
      : new PyDateTime({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds(), microsecond: date.getMilliseconds() * 1000 }, false);
  }

  private get weekday(): number {
    return new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay();
  }

  strftime(format: string): string {
    const dayOfYear = Math.round((Date.UTC(this.year, this.month - 1, this.day) - Date.UTC(this.year, 0, 1)) / 86_400_000) + 1;
    const values: Record<string, string> = {
      Y: String(this.year), y: pad(this.year % 100), m: pad(this.month), d: pad(this.day), H: pad(this.hour),
      I: pad(this.hour % 12 === 0 ? 12 : this.hour % 12), p: this.hour < 12 ? 'AM' : 'PM', M: pad(this.minute),
      S: pad(this.second), f: pad(this.microsecond, 6), j: pad(dayOfYear, 3), w: String(this.weekday),
      a: DAYS[this.weekday]!.slice(0, 3), A: DAYS[this.weekday]!, b: MONTHS[this.month - 1]!.slice(0, 3), B: MONTHS[this.month - 1]!,
      z: this.utc ? '+0000' : '', Z: this.utc ? 'UTC' : '', '%': '%',
    };
    return format.replace(/%(.)/g, (whole, code: string) => values[code] ?? whole);
  }

  isoformat(sep = 'T'): string {
    const time = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${this.microsecond ? `.${pad(this.microsecond, 6)}` : ''}`;
    return `${this.year}-${pad(this.month)}-${pad(this.day)}${sep}${time}${this.utc ? '+00:00' : ''}`;
  }

  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }

  /** The same wall-clock values without a zone (Python's replace(tzinfo=None)). */
  withoutZone(): PyDateTime {
    return new PyDateTime(this, false);
  }

  /** Seconds since the epoch (a naive datetime is taken as UTC). */
  timestamp(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) / 1000 + this.microsecond / 1e6;
  }

  /** Python's str(): the ISO form with a space. */
  toString(): string {
    return this.isoformat(' ');
  }
}

export class PyDate {
  constructor(readonly year: number, readonly month: number, readonly day: number) {}

  strftime(format: string): string {
    return new PyDateTime({ year: this.year, month: this.month, day: this.day }, false).strftime(format);
  }

  isoformat(): string {
    return `${this.year}-${pad(this.month)}-${pad(this.day)}`;
  }

  toString(): string {
    return this.isoformat();
  }
}

/** `modules.datetime`: datetime(...) / datetime.now() / datetime.utcnow() and date(...) / date.today(). */
export function datetimeModule(clock: () => Date = () => new Date()) {
  const datetime = Object.assign(
    (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0) =>
      new PyDateTime({ year, month, day, hour, minute, second, microsecond }, false),
    {
      // now(tz) with any tz gives UTC: the warehouse clocks mdl reads are UTC (dbt's run_started_at is too).
      now: (tz?: unknown) => PyDateTime.fromDate(clock(), tz !== undefined && tz !== null),
      utcnow: () => PyDateTime.fromDate(clock(), true).withoutZone(),
    },
  );
  const date = Object.assign((year: number, month: number, day: number) => new PyDate(year, month, day), {
    today: () => PyDateTime.fromDate(clock(), false).date(),
  });
  return { datetime, date };
}
