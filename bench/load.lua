-- wrk script: a mixed, signed-in workload for Onramp (bench/run.py sets BENCH_SESSION and BENCH_RECORDS).
-- Half caseload pages (first and later pages), a third young person records, the rest the layout page,
-- the programme dashboard and the published figures. Any response but 200 counts as an error.
local session = os.getenv("BENCH_SESSION") or ""
local records = {}
for pk in string.gmatch(os.getenv("BENCH_RECORDS") or "", "%d+") do records[#records + 1] = pk end
local non200 = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Cookie"] = "sessionid=" .. session
  non200 = 0
end

function request()
  local roll = math.random(100)
  local path
  if roll <= 50 then
    path = "/young-people/?page=" .. math.random(1, 20)
  elseif roll <= 83 and #records > 0 then
    path = "/young-people/" .. records[math.random(#records)] .. "/"
  elseif roll <= 93 then
    path = "/accessibility/"
  elseif roll <= 97 then
    path = "/evaluation/"
  else
    path = "/evaluation/published/"
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non200") or 0) end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout + bad
  io.write(string.format(
    'BENCH {"requests": %d, "errors": %d, "non_200": %d, "timeouts": %d, "rps": %.1f, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, errors, bad, summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
