-- Appends a task to a capability stream unless the stream's backlog is at its limit, atomically, so
-- that concurrent dispatches cannot overshoot the limit together.
-- KEYS[1]: the task stream. ARGV[1]: the backlog limit. ARGV[2]: the agents' consumer group.
-- ARGV[3..]: the entry's field/value pairs.
-- Returns {1, entry id} when appended, {0, backlog} when refused.
local stream, limit, group = KEYS[1], tonumber(ARGV[1]), ARGV[2]
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
  return {0, backlog}
end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
return {1, redis.call('XADD', stream, '*', unpack(fields))}
