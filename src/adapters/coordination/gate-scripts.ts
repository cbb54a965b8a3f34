// The Lua scripts of the shared gate: each runs atomically in Redis, on Redis' own clock, so workers never skew.

/**
 * Keys of one gate: `flight` (sorted set: slot → lease expiry, calls in flight), `done` (sorted set: slot →
 * finish time, calls finished within the window), `pause` (ms until which nothing is granted), `epoch` (ms when
 * this Redis first saw the gate). Times are Redis' TIME in ms.
 *
 * ACQUIRE grants up to ARGV[6] slots named ARGV[1]..':'..i and returns {granted, waitMs, headroom}:
 * waitMs -1 means "every slot is held by a call in flight: ask again when one ends"; headroom -1 is unlimited.
 * A lease that expired (its holder died) counts as a call that finished at expiry.
 *
 * A missing epoch means the gate is new, or this Redis lost its history. ARGV[8] tells which: how long this Redis
 * has held Ferry's history (see HELD), or -1 when the caller has not asked, when the reply is {0, -2, 0} (ask
 * HELD, then call again). The epoch becomes that moment, and nothing is granted until one window (and at least
 * ARGV[7] ms, the holders' renewal period, in which live holders re-register their slots) has passed since: a
 * Redis that restarted empty cannot burst, and a new subscription on a Redis that has held history for that long
 * is served at once.
 */
export const ACQUIRE = `
local flight, done, pause, epoch = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local base, limit, window = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local concurrency, lease, want, settle = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', flight, '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do redis.call('ZADD', done, expired[i + 1], expired[i]) end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', flight, '-inf', now) end
local since = tonumber(redis.call('GET', epoch))
if since == nil then
  local held = tonumber(ARGV[8])
  if held < 0 then return {0, -2, 0} end
  since = now - held
  redis.call('SET', epoch, since)
end
local quiet = settle
if limit > 0 and window > quiet then quiet = window end
if now < since + quiet then return {0, since + quiet - now, 0} end
local pausedUntil = tonumber(redis.call('GET', pause) or '0')
if pausedUntil > now then return {0, pausedUntil - now, 0} end
local inFlight = redis.call('ZCARD', flight)
local room = concurrency - inFlight
local headroom = -1
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', done, '-inf', '(' .. (now - window))
  headroom = limit - inFlight - redis.call('ZCARD', done)
  if headroom < room then room = headroom end
end
if room > want then room = want end
if room <= 0 then
  if inFlight >= concurrency or limit <= 0 then return {0, -1, 0} end
  local oldest = redis.call('ZRANGE', done, 0, 0, 'WITHSCORES')
  if #oldest == 0 then return {0, -1, 0} end
  return {0, tonumber(oldest[2]) + window - now + 1, 0}
end
for i = 1, room do redis.call('ZADD', flight, now + lease, base .. ':' .. i) end
redis.call('PEXPIRE', flight, lease * 2)
if limit > 0 then headroom = headroom - room end
return {room, 0, headroom}
`;

/**
 * HELD: how long, in ms, this Redis has held Ferry's gate history: the age of KEYS[1], which is set now when
 * missing (a Redis that is new, or restarted empty and lost every epoch with it).
 */
export const HELD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local since = tonumber(redis.call('GET', KEYS[1]))
if since == nil then
  redis.call('SET', KEYS[1], now)
  return 0
end
return now - since
`;

/**
 * RELEASE: the calls of slots ARGV[2..] ended now; with a throttle (window ARGV[1] ms > 0) each holds its throttle
 * slot for one more window, without one nothing needs to remember them.
 */
export const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
  if window > 0 then redis.call('ZADD', KEYS[2], now, ARGV[i]) end
end
if window > 0 then redis.call('PEXPIRE', KEYS[2], window + 60000) end
return 1
`;

/**
 * RENEW: the slots ARGV[2..] are still held; their leases run ARGV[1] ms from now. Added when missing, so a
 * Redis that restarted empty learns again which calls are in flight (within the ACQUIRE settle period).
 */
export const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + lease, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], lease * 2)
return 1
`;

/** PAUSE: nothing is granted for ARGV[1] ms from now (a later end already set wins). */
export const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < untilMs then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return 1
`;

/** UNLOCK / EXTEND: only the holder (token ARGV[1]) may free or extend (ARGV[2] ms) the lock KEYS[1]. */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
export const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** RECALL: a remembered value and its remaining lifetime in ms, in one round trip. */
export const RECALL = `
local value = redis.call('GET', KEYS[1])
if not value then return false end
return {value, redis.call('PTTL', KEYS[1])}
`;
