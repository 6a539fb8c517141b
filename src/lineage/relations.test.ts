import { describe, expect, it } from 'vitest';
import { RelationIndex, relationParts } from './relations.js';
import { testManifest } from './test-support/project.js';

describe('relation names', () => {
  it('splits quoted names, keeping dots and doubled quotes inside quotes', () => {
    expect(relationParts('"db"."gold"."Orders"')).toEqual(['db', 'gold', 'Orders']);
    expect(relationParts('"a.b"."say ""hi"""')).toEqual(['a.b', 'say "hi"']);
    expect(relationParts('`silver`.`order_lines`')).toEqual(['silver', 'order_lines']);
    expect(relationParts('main.plain')).toEqual(['main', 'plain']);
  });

  it('finds nodes and sources by schema and name, case-insensitively; by bare name only when unique', () => {
    const index = new RelationIndex(testManifest([
      { id: 'seed.p.orders', relation: { schema: 'raw', name: 'Orders' } },
      { id: 'model.p.orders', relation: { schema: 'silver', name: 'orders' }, sql: 'select 1' },
      { id: 'source.p.app.events', relation: { schema: 'app', name: 'events' } },
      { id: 'model.p.eph', sql: 'select 1', materialized: 'ephemeral' },
    ]));
    expect(index.find('RAW', 'orders')).toBe('seed.p.orders');
    expect(index.find('silver', 'ORDERS')).toBe('model.p.orders');
    expect(index.find('app', 'events')).toBe('source.p.app.events');
    expect(index.find('', 'events')).toBe('source.p.app.events');
    expect(index.find('', 'orders')).toBeUndefined();
    expect(index.find('main', 'eph')).toBeUndefined();
  });
});
