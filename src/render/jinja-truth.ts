/**
 * Jinja's truth for `if`, `not`, `and`, `or` and `x if c else y`. nunjucks compiles them to the
 * JavaScript operators, so an empty list or dict is true there and `{% if columns %}` runs its body
 * for `[]`; in Jinja (and so in every dbt macro) empty lists, dicts and strings are false, and
 * `a or b` gives `b` when `a` is empty. `+` too: JavaScript joins two lists into the string "a,b",
 * Jinja concatenates them (`pre_hook=base_hooks + [...]`). The compiler is patched once, when
 * nunjucks is loaded.
 */

/** Python's truth: empty strings, lists, dicts and markup are false; undefined, null, 0, NaN too. */
export function jinjaTruthy(value: unknown): boolean {
  if (!value) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    // nunjucks' SafeString (markup) inherits from String: false when empty, like Markup('').
    if (value instanceof String) return value.length > 0;
    if (value instanceof Map || value instanceof Set) return value.size > 0;
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return Object.keys(value).length > 0;
  }
  return true;
}

interface CompilerInternals {
  _emit(code: string): void;
  _emitLine(code: string): void;
  compile(node: unknown, frame: unknown): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _withScopedSyntax(fn: () => void): void;
  _makeCallback(): string;
}

interface IfNode {
  readonly cond: unknown;
  readonly body: unknown;
  readonly else_: unknown;
}

/** Rewrites the compiler's conditions to go through `runtime.jinjaTruthy` (idempotent). */
export function patchJinjaTruth(compilerModule: { Compiler: { prototype: object } }, runtime: Record<string, unknown>): void {
  const proto = compilerModule.Compiler.prototype as Record<string, unknown> & { __mdlJinjaTruth?: boolean };
  if (proto.__mdlJinjaTruth) return;
  proto.__mdlJinjaTruth = true;
  runtime.jinjaTruthy = jinjaTruthy;
  runtime.jinjaOr = (left: unknown, right: () => unknown) => (jinjaTruthy(left) ? left : right());
  runtime.jinjaAnd = (left: unknown, right: () => unknown) => (jinjaTruthy(left) ? right() : left);

  proto.compileIf = function compileIf(this: CompilerInternals, node: IfNode, frame: unknown, async: boolean) {
    this._emit('if(runtime.jinjaTruthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => {
      this.compile(node.body, frame);
      if (async) this._emit('cb()');
    });
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => {
        this.compile(node.else_, frame);
        if (async) this._emit('cb()');
      });
    } else if (async) {
      this._emitLine('}\nelse {');
      this._emit('cb()');
    }
    this._emitLine('}');
  };
  proto.compileInlineIf = function compileInlineIf(this: CompilerInternals, node: IfNode, frame: unknown) {
    this._emit('(runtime.jinjaTruthy(');
    this.compile(node.cond, frame);
    this._emit(')?');
    this.compile(node.body, frame);
    this._emit(':');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('""');
    this._emit(')');
  };
  proto.compileNot = function compileNot(this: CompilerInternals, node: { target: unknown }, frame: unknown) {
    this._emit('!runtime.jinjaTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
  const lazy = (op: 'jinjaOr' | 'jinjaAnd') =>
    function compileBoolean(this: CompilerInternals, node: { left: unknown; right: unknown }, frame: unknown) {
      this._emit(`runtime.${op}(`);
      this.compile(node.left, frame);
      this._emit(', function() { return ');
      this.compile(node.right, frame);
      this._emit('; })');
    };
  proto.compileOr = lazy('jinjaOr');
  proto.compileAnd = lazy('jinjaAnd');
  runtime.jinjaAdd = (left: unknown, right: unknown) =>
    Array.isArray(left) && Array.isArray(right) ? [...left, ...right] : (left as number) + (right as number);
  proto.compileAdd = function compileAdd(this: CompilerInternals, node: { left: unknown; right: unknown }, frame: unknown) {
    this._emit('runtime.jinjaAdd(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}
