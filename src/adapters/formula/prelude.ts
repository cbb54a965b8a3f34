// The runner evaluated inside each fresh QuickJS context before the formula: globals, lazy helpers, result codec.
import { HELPER_GROUPS } from './helper-sources.js';

// QuickJS parses slowly in WASM (about 5 KB per ms), so the runner stays small and each helper group is compiled
// from its string the first time a formula reads one of its names.
const RUNNER = String.raw`(function (GROUPS) {
'use strict';
var G = globalThis, O = Object, Fn = Function, stringify = JSON.stringify, parse = JSON.parse;
var keys = O.keys, defineProperty = O.defineProperty, isArray = Array.isArray, InternalErr = G.InternalError;
var hasOwn = Fn.prototype.call.bind(O.prototype.hasOwnProperty), names = { IsEmpty: 0 }, loaded = [];
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
var core = { keys: keys, isArray: isArray, hasOwn: hasOwn, lookup: lookup, orNull: orNull, IsEmpty: IsEmpty,
  GetValue: GetValue, BigInt: G.BigInt, Date: Date, dateParse: Date.parse, from: Array.from, Set: Set, Map: Map,
  Function: Fn };
function define(name, value) { defineProperty(G, name, { value: value, writable: true, configurable: true }); }
define('IsEmpty', IsEmpty);
GROUPS.forEach(function (group, i) {
  group.names.forEach(function (name) {
    names[name] = i;
    defineProperty(G, name, { configurable: true, set: function (v) { define(name, v); }, get: function () {
      loaded[i] = loaded[i] || Fn('core', group.source)(core);
      define(name, loaded[i][name]);
      return loaded[i][name];
    } });
  });
});
function describe(e) {
  try {
    if (e instanceof Error) return stringify({ name: String(e.name), message: String(e.message), stack: String(e.stack) });
    return stringify({ name: 'Error', message: 'formula threw ' + String(e), stack: '' });
  } catch (_) {
    return stringify({ name: 'Error', message: 'formula threw a value that cannot be shown', stack: '' });
  }
}
return function run(formula, scopeJson) {
  var scope = parse(scopeJson);
  keys(scope).forEach(function (k) {
    if (hasOwn(names, k)) return;
    try { define(k, scope[k]); } catch (_) { /* a fixed global such as undefined */ }
  });
  try {
    var r = formula();
    if (typeof r === 'function' || typeof r === 'symbol' || (r !== null && typeof r === 'object' && typeof r.then === 'function'))
      throw new TypeError('formula must return a value');
    return r === undefined ? 'u' : 'v' + stringify(r);
  } catch (e) {
    if (e instanceof InternalErr && e.message === 'out of memory') throw e;
    return 'e' + describe(e);
  }
};
})`;

/**
 * Evaluates to `run(formula, scopeJson)`, which sets the scope as globals, calls the compiled formula and answers
 * `u` (undefined), `v<json>` (a value) or `e<json>` ({ name, message, stack } of what it threw). Built-ins are
 * captured first so a formula that overwrites them cannot break the runner, only itself.
 */
export const PRELUDE = `${RUNNER}(${JSON.stringify(HELPER_GROUPS)})`;
