-- The wrk script of the benchmarks (deref.py, sparql.py, front_door.py): rotate through a list
-- of requests, and print one summary line (WRKJSON {...}) at the end, which wrk.py reads.
--
-- Not run alone: wrk.py's write_script() writes a benchmark's requests ahead of this text, into
-- one file given to `wrk -s`:
--     local mix = { {method, path, Accept header or false, form-encoded body or false}, ... }
--     local spread = N   -- wrk thread k starts at request (k * N) mod #mix
local counter = 0
function setup(thread)
    thread:set("offset", counter)
    counter = counter + 1
end
local reqs = {}
local i = 0
function init(args)
    -- Built here, not at load time: wrk.host and wrk.port are known only now.
    for n, m in ipairs(mix) do
        local headers = {["Host"] = wrk.host .. ":" .. wrk.port}
        if m[3] then headers["Accept"] = m[3] end
        if m[4] then headers["Content-Type"] = "application/x-www-form-urlencoded" end
        reqs[n] = wrk.format(m[1], m[2], headers, m[4] or nil)
    end
    i = (offset * spread) % #reqs
end
function request()
    i = i % #reqs + 1
    return reqs[i]
end
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
        '"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%f}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
        e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency.max, latency.mean))
end
