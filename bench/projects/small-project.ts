/**
 * A small seeds + models + tests project (jaffle-shop shaped) that both mdl and dbt build: 3 seeds,
 * 3 staging views, 2 mart tables (one pivots payment methods with a Jinja loop and calls a macro),
 * and generic tests (unique, not_null, accepted_values, relationships). Data is generated with a
 * seeded PRNG, so every run builds the same rows.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './big-project.js';
import { writeDbtProjectFiles, writeMdlProjectYml } from './project-files.js';

const STATUSES = ['placed', 'shipped', 'completed', 'return_pending', 'returned'] as const;
const METHODS = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] as const;

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function seeds(customers: number, orders: number): Record<string, string> {
  const random = prng(7);
  const customerLines = ['id,first_name,last_name'];
  for (let id = 1; id <= customers; id += 1) customerLines.push(`${id},First${id},Last${id % 97}`);
  const orderLines = ['id,user_id,order_date,status'];
  const paymentLines = ['id,order_id,payment_method,amount'];
  let paymentId = 1;
  for (let id = 1; id <= orders; id += 1) {
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    orderLines.push(`${id},${1 + Math.floor(random() * customers)},${date},${pick(random, STATUSES)}`);
    const payments = 1 + Math.floor(random() * 2);
    for (let p = 0; p < payments; p += 1) {
      paymentLines.push(`${paymentId},${id},${pick(random, METHODS)},${Math.floor(random() * 5000)}`);
      paymentId += 1;
    }
  }
  return {
    'raw_customers.csv': `${customerLines.join('\n')}\n`,
    'raw_orders.csv': `${orderLines.join('\n')}\n`,
    'raw_payments.csv': `${paymentLines.join('\n')}\n`,
  };
}

const MODELS: Record<string, string> = {
  'staging/stg_customers.sql': `{{ config(materialized='view') }}
select id as customer_id, first_name, last_name from {{ ref('raw_customers') }}
`,
  'staging/stg_orders.sql': `{{ config(materialized='view') }}
select id as order_id, user_id as customer_id, order_date, status from {{ ref('raw_orders') }}
`,
  'staging/stg_payments.sql': `{{ config(materialized='view') }}
select id as payment_id, order_id, payment_method, {{ cents_to_dollars('amount') }} as amount
from {{ ref('raw_payments') }}
`,
  'marts/orders.sql': `{{ config(materialized='table') }}
{% set methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}
with payments as (
  select order_id,
  {% for method in methods -%}
    sum(case when payment_method = '{{ method }}' then amount else 0 end) as {{ method }}_amount,
  {% endfor -%}
    sum(amount) as total_amount
  from {{ ref('stg_payments') }}
  group by order_id
)
select o.order_id, o.customer_id, o.order_date, o.status,
  {% for method in methods -%}
  coalesce(p.{{ method }}_amount, 0) as {{ method }}_amount,
  {% endfor -%}
  coalesce(p.total_amount, 0) as amount
from {{ ref('stg_orders') }} as o
left join payments as p on o.order_id = p.order_id
`,
  'marts/customers.sql': `{{ config(materialized='table') }}
select c.customer_id, c.first_name, c.last_name,
  min(o.order_date) as first_order, max(o.order_date) as most_recent_order,
  count(o.order_id) as number_of_orders, coalesce(sum(o.amount), 0) as lifetime_value
from {{ ref('stg_customers') }} as c
left join {{ ref('orders') }} as o on c.customer_id = o.customer_id
group by c.customer_id, c.first_name, c.last_name
`,
};

const SCHEMA = `version: 2

models:
  - name: stg_customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: stg_orders
    columns:
      - name: order_id
        data_tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values:
              values: [${STATUSES.join(', ')}]
  - name: stg_payments
    columns:
      - name: payment_id
        data_tests: [unique, not_null]
      - name: payment_method
        data_tests:
          - accepted_values:
              values: [${METHODS.join(', ')}]
  - name: orders
    columns:
      - name: order_id
        data_tests: [unique, not_null]
      - name: customer_id
        data_tests:
          - not_null
          - relationships:
              to: ref('customers')
              field: customer_id
  - name: customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
`;

const MACRO = `{% macro cents_to_dollars(column) -%}
  round({{ column }} / 100.0, 2)
{%- endmacro %}
`;

/** Writes the project into `dir` (emptied first); returns the node counts for the notes. */
export function writeSmallProject(dir: string, customers = 1_000, orders = 5_000): { seeds: number; models: number; tests: number } {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(seeds(customers, orders))) {
    mkdirSync(join(dir, 'seeds'), { recursive: true });
    writeFileSync(join(dir, 'seeds', name), text);
  }
  for (const [path, sql] of Object.entries(MODELS)) {
    mkdirSync(join(dir, 'models', path.split('/')[0]!), { recursive: true });
    writeFileSync(join(dir, 'models', path), sql);
  }
  writeFileSync(join(dir, 'models', 'schema.yml'), SCHEMA);
  mkdirSync(join(dir, 'macros'), { recursive: true });
  writeFileSync(join(dir, 'macros', 'cents_to_dollars.sql'), MACRO);
  const spec = { name: 'bench_small', dir, seedPaths: true, threads: 2 } as const;
  writeMdlProjectYml(spec);
  writeDbtProjectFiles(spec);
  return { seeds: 3, models: 5, tests: 14 };
}
