import {
  ACQUISITION_CHANNELS, ACQUISITION_WEIGHTS, AGE_BANDS, AGE_BAND_WEIGHTS, CITIES, EMAIL_DOMAINS, FIRST_NAMES,
  GENDERS, GENDER_WEIGHTS, LAST_NAMES, MARKETING_SEGMENTS, MARKETING_WEIGHTS,
} from './catalog.js';
import { SIGNUP_END, SIGNUP_START, formatDay } from './calendar.js';
import { CsvWriter } from './csv-writer.js';
import { RowStream } from './delayed-rows.js';
import { DefectPlan } from './dirty.js';
import { Choice, WeightedSampler, type Rng } from './prng.js';

export const CUSTOMER_COLUMNS = [
  'customer_id', 'first_name', 'last_name', 'email', 'gender', 'age_band', 'city', 'state', 'country',
  'signup_date', 'acquisition_channel', 'marketing_segment',
] as const;

export const CUSTOMER_DEFECTS = { duplicate_row: 0.01, missing_key: 0.006, malformed_email: 0.02 } as const;
export type CustomerDefect = keyof typeof CUSTOMER_DEFECTS;

/** What later files need to know about customers. Ids are 1..count in signup order. */
export interface CustomerPopulation {
  readonly count: number;
  /** Epoch day of signup per customer (index = id - 1), non-decreasing. */
  readonly signupDay: Int32Array;
  /** Purchase propensity: a heavy-tailed weight, so a minority of customers place most orders. */
  readonly propensity: WeightedSampler;
}

function malformEmail(rng: Rng, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  switch (rng.int(0, 3)) {
    case 0: return `${local}${domain}`; // the @ got lost
    case 1: return `${local}@@${domain}`;
    case 2: return `${local}@${domain.split('.')[0]}`; // no top-level domain
    default: return `${local.replace('.', ' ')}@${domain}`; // a space inside
  }
}

/** Writes customers.csv and returns the population model orders are drawn from. */
export function writeCustomers(rng: Rng, count: number, path: string, tick: () => void): {
  readonly population: CustomerPopulation;
  readonly rows: number;
  readonly defects: Readonly<Record<CustomerDefect, number>>;
} {
  const writer = new CsvWriter(path, CUSTOMER_COLUMNS);
  const stream = new RowStream(writer);
  const plan = new DefectPlan(rng, count, CUSTOMER_DEFECTS);
  const city = new Choice(CITIES.map((c) => c[3]));
  const gender = new Choice(GENDER_WEIGHTS);
  const ageBand = new Choice(AGE_BAND_WEIGHTS);
  const channel = new Choice(ACQUISITION_WEIGHTS);
  const marketing = new Choice(MARKETING_WEIGHTS);
  const signupDay = new Int32Array(count);
  const weights = new Float64Array(count);
  const span = SIGNUP_END - SIGNUP_START;

  for (let i = 0; i < count; i++) {
    const id = i + 1;
    // Evenly spread, jittered, non-decreasing: ids are assigned in signup order.
    signupDay[i] = SIGNUP_START + Math.floor(((i + rng.next()) / count) * span);
    const u = rng.next();
    weights[i] = 1 / (0.04 + u * u);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const [cityName, state, country] = CITIES[city.pick(rng)] as (typeof CITIES)[number];
    let email = `${first}.${last}${id}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
    // Everything after the email, drawn before the defect so defects don't shift the other draws.
    const rest = `${GENDERS[gender.pick(rng)]},${AGE_BANDS[ageBand.pick(rng)]},${cityName},${state},${country},` +
      `${formatDay(signupDay[i] as number)},${ACQUISITION_CHANNELS[channel.pick(rng)]},${MARKETING_SEGMENTS[marketing.pick(rng)]}`;
    const defect = plan.next();
    if (defect === 'malformed_email') email = malformEmail(rng, email);
    const withoutKey = `${first},${last},${email},${rest}`;
    const line = `${id},${withoutKey}`;
    stream.write(line);
    if (defect === 'duplicate_row') stream.repeatLater(line, rng.int(0, 40));
    if (defect === 'missing_key') stream.repeatLater(`,${withoutKey}`, rng.int(0, 40));
    tick();
  }
  stream.finish();
  return { population: { count, signupDay, propensity: new WeightedSampler(weights) }, rows: writer.rows, defects: plan.counts() };
}
