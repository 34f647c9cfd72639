-- wrk script of benches/load_test.py: POST one report per request and log every id the server acknowledged so the
-- test can check each one was stored. LOAD_MODE "json" (default): the API's JSON create, each with its own
-- Idempotency-Key and the token. LOAD_MODE "form": the activity report form as a logged-in browser sends it (its
-- session cookie, the page's CSRF token, a one-time token and a title of its own each time, so that no POST is a
-- resubmission the form would ask about); the product's 302 to /reports/<id> is its acknowledgement.
-- Settings come from the environment: LOAD_PATH, LOAD_TOKEN, LOAD_AREA, LOAD_OBSERVED (json), LOAD_COOKIE,
-- LOAD_CSRF, LOAD_DAY, LOAD_TIME (form), LOAD_TAG (unique per round: keys never repeat across rounds), LOAD_IDS (a
-- file prefix: one file of ids per thread).

local mode = os.getenv("LOAD_MODE") or "json"
local path = os.getenv("LOAD_PATH")
local token = os.getenv("LOAD_TOKEN")
local area = os.getenv("LOAD_AREA")
local observed = os.getenv("LOAD_OBSERVED")
local cookie = os.getenv("LOAD_COOKIE")
local csrf = os.getenv("LOAD_CSRF")
local day = os.getenv("LOAD_DAY")
local clock = os.getenv("LOAD_TIME")
local tag = os.getenv("LOAD_TAG")
local ids_prefix = os.getenv("LOAD_IDS")

local threads = {}
local counter = 1

function setup(thread)
   thread:set("number", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   sent, acknowledged, refused = 0, 0, 0
   ids = io.open(string.format("%s-%d.txt", ids_prefix, number), "w")
   ids:setvbuf("line")  -- every acknowledged id on disk even if wrk is stopped
end

local function encoded(text)
   return (string.gsub(text, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
   sent = sent + 1
   local key = string.format("%s-%d-%d", tag, number, sent)
   if mode == "form" then
      local body = string.format("csrf_token=%s&token=%s&area_id=%s&observed_at-day=%s&observed_at-time=%s"
                                 .. "&observed_at-precision=exact&title=%s&source=&note=&kind=activity",
                                 encoded(csrf), encoded(key), area, day, encoded(clock), encoded("load " .. key))
      local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}
      return wrk.format("POST", path, headers, body)
   end
   local body = string.format('{"kind": "activity", "area_id": %s, "observed_at": "%s", "title": "load %s"}',
                              area, observed, key)
   local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token,
                    ["Idempotency-Key"] = key}
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   local id = nil
   if status == 302 or status == 303 then
      id = string.match(headers["Location"] or "", "/reports/(%d+)$")
   elseif status >= 200 and status < 300 then
      id = string.match(body, '"id"%s*:%s*(%d+)')
   end
   if id then
      acknowledged = acknowledged + 1
      ids:write(id, "\n")
   else
      refused = refused + 1
   end
end

function done(summary, latency, requests)
   local ack, bad = 0, 0
   for _, thread in ipairs(threads) do
      ack = ack + thread:get("acknowledged")
      bad = bad + thread:get("refused")
   end
   -- One line for benches/load_test.py to read (latencies in microseconds).
   io.write(string.format("LOAD requests=%d duration_us=%d p50_us=%d p99_us=%d acknowledged=%d non2xx=%d errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), ack, bad,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
