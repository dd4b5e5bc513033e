-- wrk script for `make bench`: each request goes out as a logged-in member, rotating
-- through the members in a requests file (one per line: method, path, cookie, csrf token,
-- body, separated by tabs). Any answer other than 200 counts as an error. At the end it
-- prints one line, BENCH_JSON {...}, with throughput, latency percentiles and errors.
-- Usage: wrk -s pages.lua URL -- requests.tsv [https-origin]

local entries = {}
local threads = {}
local counter = 0
local bad = 0
local origin = nil

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

local function load(path)
  local list = {}
  for line in io.lines(path) do
    if line ~= "" then
      table.insert(list, split(line))
    end
  end
  return list
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  entries = load(args[1])
  origin = args[2]
  -- Threads start at different members so they rarely touch the same rows at once.
  counter = id * math.floor(#entries / 2)
end

function request()
  counter = counter + 1
  local entry = entries[(counter % #entries) + 1]
  local method, path, cookie, token, body = entry[1], entry[2], entry[3], entry[4], entry[5]
  local headers = { ["Cookie"] = cookie, ["X-Forwarded-Proto"] = "https" }
  if method == "POST" then
    headers["X-CSRFToken"] = token
    headers["HX-Request"] = "true"
    headers["Origin"] = origin
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if body == "" then
    body = nil
  end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + (thread:get("bad") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, '
      .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, '
      .. '"not_ok": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    not_ok, errors.connect, errors.read, errors.write, errors.timeout
  ))
end
