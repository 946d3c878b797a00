-- wrk script: each connection's requests issue the next approved draft of its thread's range
-- (POST /letters/N/issue with the clerk's session and CSRF token); a thread stops when its range
-- is done, so every request takes a new number. IDS_FIRST, IDS_COUNT, COOKIE, CSRF from the
-- environment (set by bench_web.py).
local first = tonumber(os.getenv("IDS_FIRST"))
local count = tonumber(os.getenv("IDS_COUNT"))
local threads = {}
local per

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads - 1)
end

function init(args)
  per = math.floor(count / tonumber(os.getenv("WRK_THREADS")))
  next_id = first + index * per
  last_id = next_id + per - 1
end

function request()
  local id = next_id
  next_id = next_id + 1
  return wrk.format("POST", "/letters/" .. id .. "/issue",
    {["Cookie"] = "vanban_session=" .. os.getenv("COOKIE"),
     ["Content-Type"] = "application/x-www-form-urlencoded"},
    "csrf=" .. os.getenv("CSRF"))
end

function response(status, headers, body)
  if next_id > last_id then wrk.thread:stop() end
end
