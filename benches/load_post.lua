-- wrk script of benches/load_test.py: POST one JSON report per request, each with its own Idempotency-Key,
-- and log every id the server acknowledged (2xx) so the test can check each one was stored.
-- Settings come from the environment: LOAD_PATH, LOAD_TOKEN, LOAD_AREA, LOAD_OBSERVED, LOAD_TAG (unique
-- per round: keys never repeat across rounds), LOAD_IDS (a file prefix: one file of ids per thread).

local path = os.getenv("LOAD_PATH")
local token = os.getenv("LOAD_TOKEN")
local area = os.getenv("LOAD_AREA")
local observed = os.getenv("LOAD_OBSERVED")
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

function request()
   sent = sent + 1
   local key = string.format("%s-%d-%d", tag, number, sent)
   local body = string.format('{"kind": "activity", "area_id": %s, "observed_at": "%s", "title": "load %s"}',
                              area, observed, key)
   local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token,
                    ["Idempotency-Key"] = key}
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      acknowledged = acknowledged + 1
      local id = string.match(body, '"id"%s*:%s*(%d+)')
      if id then
         ids:write(id, "\n")
      end
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
