// The runner evaluated once in a sandbox's warm context: helpers, a frozen realm, per-evaluation scope and reset.
import { HELPER_GROUPS } from './helper-sources.js';

// One context serves every evaluation, so everything a formula can reach is frozen once here, and what a formula
// may still change (own properties of globalThis, its prototype) is put back after each evaluation by `reset`.
// Code that could declare global `let`/`const` (which no reset can see) is refused: `eval` is gone, and the
// Function constructors report a body that escapes its function, which makes the host discard the context.
const RUNNER = String.raw`(function (GROUPS) {
'use strict';
var G = globalThis, O = Object, Fn = Function, R = Reflect, stringify = JSON.stringify, parse = JSON.parse;
var keys = O.keys, defineProperty = O.defineProperty, freeze = O.freeze, protoOf = O.getPrototypeOf;
var ownKeys = R.ownKeys, descriptor = O.getOwnPropertyDescriptor, apply = R.apply, remove = R.deleteProperty;
var isArray = Array.isArray, InternalErr = G.InternalError, fnText = Fn.prototype.toString, MySet = Set;
var hasOwn = Fn.prototype.call.bind(O.prototype.hasOwnProperty), tainted = false;
function IsEmpty(x) {
  if (x === null || x === undefined) return true;
  if (typeof x === 'string') return x.trim() === '';
  return isArray(x) && x.length === 0;
}
function lookup(obj, name) {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (hasOwn(obj, name)) return obj[name];
  var lower = name.toLowerCase(), ks = keys(obj);
  for (var i = 0; i < ks.length; i++) if (ks[i].toLowerCase() === lower) return obj[ks[i]];
  return undefined;
}
function orNull(v) { return v === undefined ? null : v; }
function GetValue(obj, path) {
  var parts = String(path).split('.'), cur = obj;
  for (var i = 0; i < parts.length && cur !== undefined; i++) cur = lookup(cur, parts[i]);
  return orNull(cur);
}
function refuse(what) { return function () { throw new TypeError(what + ' is not available in formulas'); }; }
/** A Function constructor whose result must be exactly the function it was asked for, nothing declared beside. */
function guarded(Original, kind) {
  var wrapper = function () {
    var args = [];
    for (var i = 0; i < arguments.length; i++) args.push(String(arguments[i]));
    var body = args.length > 0 ? args.pop() : '';
    var fn = apply(Original, undefined, args.concat([body]));
    if (apply(fnText, fn, []) !== kind + ' anonymous(' + args.join(',') + '\n) {\n' + body + '\n}') {
      tainted = true;
      throw new SyntaxError('a function body must not close its own function');
    }
    return fn;
  };
  defineProperty(wrapper, 'prototype', { value: Original.prototype });
  defineProperty(Original.prototype, 'constructor', { value: wrapper });
  return wrapper;
}
// QuickJS lets [[DefineOwnProperty]] replace the value of a frozen global (plain assignment it refuses), so
// defining properties on globalThis is refused instead; the runner keeps the original for the scope.
function notOnGlobal(original, name) {
  return function (target) {
    if (target === G) throw new TypeError(name + ' on globalThis is not available in formulas');
    return apply(original, this, arguments);
  };
}
O.defineProperty = notOnGlobal(defineProperty, 'Object.defineProperty');
O.defineProperties = notOnGlobal(O.defineProperties, 'Object.defineProperties');
R.defineProperty = notOnGlobal(R.defineProperty, 'Reflect.defineProperty');
var SafeFn = guarded(Fn, 'function');
guarded(protoOf(function* () {}).constructor, 'function*');
guarded(protoOf(async function () {}).constructor, 'async function');
guarded(protoOf(async function* () {}).constructor, 'async function*');
var core = { keys: keys, isArray: isArray, hasOwn: hasOwn, lookup: lookup, orNull: orNull, IsEmpty: IsEmpty,
  GetValue: GetValue, BigInt: G.BigInt, Date: Date, dateParse: Date.parse, from: Array.from, Set: Set, Map: Map,
  Function: SafeFn };
function define(name, value) { defineProperty(G, name, { value: value, writable: true, configurable: true }); }
define('Function', SafeFn);
define('eval', refuse('eval'));
define('IsEmpty', IsEmpty);
GROUPS.forEach(function (group) {
  var helpers = Fn('core', group.source)(core);
  group.names.forEach(function (name) { define(name, helpers[name]); });
});
var seen = new MySet([G]);
function harden(o) {
  if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) return;
  seen.add(o);
  harden(protoOf(o));
  ownKeys(o).forEach(function (k) {
    var d = descriptor(o, k);
    if ('value' in d) harden(d.value);
    else { harden(d.get); harden(d.set); }
  });
  freeze(o);
}
// Intrinsics no global names: iterator and generator prototypes, %ThrowTypeError% (via strict arguments).
[function* () {}, async function () {}, async function* () {}, [][Symbol.iterator](), new Map().entries(),
  new Set().values(), ''[Symbol.iterator](), /a/[Symbol.matchAll](''), arguments, core].forEach(harden);
ownKeys(G).forEach(function (k) {
  var d = descriptor(G, k);
  if ('value' in d) {
    harden(d.value);
    defineProperty(G, k, { writable: false, configurable: false });
  }
});
var fixed = new MySet(ownKeys(G)), fixedCount = fixed.size, globalProto = protoOf(G), scopeKeys = [];
function describe(e) {
  try {
    if (e instanceof Error) return stringify({ name: String(e.name), message: String(e.message), stack: String(e.stack) });
    return stringify({ name: 'Error', message: 'formula threw ' + String(e), stack: '' });
  } catch (_) {
    return stringify({ name: 'Error', message: 'formula threw a value that cannot be shown', stack: '' });
  }
}
/**
 * The formula's answer (see answer) after a reset of its own: 'c' when globalThis is clean again, else 't'. own:
 * the scope's names become globalThis's own properties (for a formula that can look at globalThis itself);
 * otherwise the scope object goes below globalThis, as its prototype, where names resolve as globals too, and
 * nothing is added to globalThis or deleted from it (2.3 µs a name in QuickJS, against 0.5 µs).
 */
function run(formula, scopeJson, search, own) {
  var scope = parse(scopeJson);
  if (own) {
    scopeKeys = keys(scope);
    scopeKeys.forEach(function (k) {
      if (fixed.has(k)) return;
      try { define(k, scope[k]); } catch (_) { /* globalThis made non-extensible: reset refuses the context */ }
    });
  } else {
    scopeKeys = [];
    if (!R.setPrototypeOf(scope, globalProto) || !R.setPrototypeOf(G, scope)) tainted = true;
  }
  var reply = answer(formula);
  return (reset(search) ? 'c' : 't') + reply;
}
function answer(formula) {
  try {
    var r = formula();
    if (typeof r === 'function' || typeof r === 'symbol' || (r !== null && typeof r === 'object' && typeof r.then === 'function'))
      throw new TypeError('formula must return a value');
    return r === undefined ? 'u' : 'v' + stringify(r);
  } catch (e) {
    if (e instanceof InternalErr && e.message === 'out of memory') throw e;
    return 'e' + describe(e);
  }
}
/**
 * True when globalThis is back as it was; false when it cannot be (the host then builds a new context). search:
 * list globalThis's keys for names the formula added (the host skips it for formulas that cannot add any).
 */
function reset(search) {
  scopeKeys.forEach(function (k) { if (!fixed.has(k)) remove(G, k); });
  if (search && ownKeys(G).length !== fixedCount)
    ownKeys(G).forEach(function (k) { if (!fixed.has(k) && !remove(G, k)) tainted = true; });
  if (protoOf(G) !== globalProto && !R.setPrototypeOf(G, globalProto)) tainted = true;
  if (!O.isExtensible(G)) tainted = true;
  return !tainted;
}
/** Freezes a compiled formula for reuse; false when its script was more than the one function (it escaped). */
function adopt(fn, expected) {
  if (typeof fn !== 'function' || apply(fnText, fn, []) !== expected) return !(tainted = true);
  freeze(fn);
  if (fn.prototype !== undefined) freeze(fn.prototype);
  return true;
}
return [run, reset, adopt];
})`;

/**
 * Evaluates to `[run, reset, adopt]`. `run(formula, scopeJson, search, own)` sets the scope as globals, calls the
 * compiled formula, puts globalThis back (reset) and answers `c` (clean) or `t` (the context is spoilt), then `u`
 * (undefined), `v<json>` (a value) or `e<json>` ({ name, message, stack } of what it threw). Built-ins are captured
 * and frozen first, so a formula that tries to overwrite them changes nothing.
 */
export const PRELUDE = `${RUNNER}(${JSON.stringify(HELPER_GROUPS)})`;
