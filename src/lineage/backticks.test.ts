import { describe, expect, it } from 'vitest';
import { backticksToDoubleQuotes } from './backticks.js';

describe('backticksToDoubleQuotes', () => {
  it('rewrites backtick identifiers and leaves strings, comments and double quotes alone', () => {
    expect(backticksToDoubleQuotes('select `o`.`order id`, `a``b` from `silver`.`orders` `o`'))
      .toBe('select "o"."order id", "a`b" from "silver"."orders" "o"');
    expect(backticksToDoubleQuotes("select '`x`' as s, \"`y`\", `z` -- `c`\n/* `d` */ from t"))
      .toBe("select '`x`' as s, \"`y`\", \"z\" -- `c`\n/* `d` */ from t");
    expect(backticksToDoubleQuotes("select 'it''s `q`', 'a\\'b `r`', `w\"q` from t"))
      .toBe("select 'it''s `q`', 'a\\'b `r`', \"w\"\"q\" from t");
  });

  it('returns SQL without backticks unchanged', () => {
    const sql = 'select "a" from t -- `';
    expect(backticksToDoubleQuotes('select "a" from t')).toBe('select "a" from t');
    expect(backticksToDoubleQuotes(sql)).toBe(sql);
  });
});
