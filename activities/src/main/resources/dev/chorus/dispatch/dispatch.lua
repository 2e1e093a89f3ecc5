-- Appends a task to a capability stream unless the stream's backlog is at its limit or the
-- capability's rate is spent, atomically, so that concurrent dispatches of every worker cannot
-- overshoot a limit together.
-- KEYS[1]: the task stream. KEYS[2]: the hash of the capabilities' limits (capability to
-- "<rate> <burst> <maxInFlight>"). KEYS[3]: the capability's token bucket. KEYS[4]: the hash of
-- capabilities paused by their agents (capability to the epoch millisecond the pause ends).
-- ARGV[1]: the worker's backlog limit. ARGV[2]: the agents' consumer group. ARGV[3]: the capability.
-- ARGV[4..]: the entry's field/value pairs.
-- Returns {1, entry id} when appended, {0, backlog, limit} when refused for the backlog, and
-- {2, milliseconds until a task may go} when refused for the rate, {3, milliseconds until the
-- pause ends} when refused for a pause.
local stream, limitsKey, bucketKey, pausesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local limit, group, capability = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local pausedUntil = tonumber(redis.call('HGET', pausesKey, capability) or '0')
if now < pausedUntil then
  return {3, pausedUntil - now}
end
local rate, burst = 0, 0
local own = redis.call('HGET', limitsKey, capability)
if own then
  local r, b, f = string.match(own, '^(%S+) (%S+) (%S+)$')
  rate, burst = tonumber(r), tonumber(b)
  local inFlight = tonumber(f)
  if inFlight > 0 and inFlight < limit then limit = inFlight end
end
local backlog = 0
if redis.call('EXISTS', stream) == 1 then
  local found = false
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    local g = {}
    for i = 1, #info, 2 do g[info[i]] = info[i + 1] end
    if g['name'] == group then
      found = true
      local unread = g['lag']
      if not unread then
        -- Redis cannot tell the lag after deletions in the unread range: count, up to the limit.
        unread = #redis.call('XRANGE', stream, '(' .. g['last-delivered-id'], '+', 'COUNT', limit + 1)
      end
      backlog = unread + g['pending']
    end
  end
  if not found then
    -- No agent has joined yet: every entry waits.
    backlog = redis.call('XLEN', stream)
  end
end
if backlog >= limit then
  return {0, backlog, limit}
end
local tokens
if rate > 0 then
  -- A token bucket: full at first, refilled at the rate, never above the burst.
  local state = redis.call('HMGET', bucketKey, 'tokens', 'at')
  tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  if tokens < 1 then
    return {2, math.ceil((1 - tokens) * 1000 / rate)}
  end
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
local id = redis.call('XADD', stream, '*', unpack(fields))
if rate > 0 then
  redis.call('HSET', bucketKey, 'tokens', tostring(tokens - 1), 'at', now)
  -- Once full again the bucket is what a missing one means: let it go.
  redis.call('PEXPIRE', bucketKey, math.ceil(burst * 1000 / rate) + 1000)
end
return {1, id}
