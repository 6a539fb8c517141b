import { describe, expect, it } from 'vitest';
import { folderConfig, folderConfigCache } from './folder-config.js';

const tree = {
  '+materialized': 'view',
  shop: {
    '+tags': ['all'],
    staging: {
      '+schema': 'stg',
      orders: { '+materialized': 'table', '+tags': ['big'] },
      deep: { '+tags': ['deep'], leaf: { '+alias': 'leaf_alias' } },
    },
    marts: { '+materialized': 'table' },
  },
};

describe('folder configs for many files', () => {
  it('gives what folderConfig gives for every folder and file name', () => {
    const cached = folderConfigCache(tree, 'shop');
    const cases: [string[], string][] = [
      [[], 'top'], [['staging'], 'customers'], [['staging'], 'orders'], [['staging'], 'deep'], [['staging', 'deep'], 'leaf'],
      [['staging', 'deep'], 'other'], [['staging', 'missing'], 'orders'], [['marts'], 'orders'], [['nowhere'], 'x'],
    ];
    // Twice: the second round is answered from the cache.
    for (let round = 0; round < 2; round++) {
      for (const [folders, name] of cases) expect(cached(folders, name), `${folders.join('/')}/${name}`).toEqual(folderConfig(tree, 'shop', [...folders, name]));
    }
    expect(cached(['staging'], 'orders')).toMatchObject({ materialized: 'table', schema: 'stg', tags: ['all', 'big'] });
    expect(cached(['staging', 'deep'], 'leaf')).toMatchObject({ alias: 'leaf_alias', tags: ['all', 'deep'] });
  });

  it('shares one object among the files of a folder that have no level of their own', () => {
    const cached = folderConfigCache(tree, 'shop');
    expect(cached(['staging'], 'a')).toBe(cached(['staging'], 'b'));
    expect(cached(['staging'], 'orders')).not.toBe(cached(['staging'], 'a'));
    expect(folderConfigCache(undefined, 'shop')([], 'x')).toEqual({});
  });
});
