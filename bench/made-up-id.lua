-- wrk script for bench/status-throughput.sh: every request asks for a different made-up id.
-- Usage: wrk ... -s bench/made-up-id.lua <base> -- <path with %s for the id> <int|guid>
-- Ints go far above any seeded id (the cached shared 404 of /status/incidents/{id:int} and
-- /status/components/{id:int}/feed.atom); guids do not match the int routes (the app's not-found page).
local pattern, kind

function init(args)
  pattern = args[1]
  kind = args[2] or "int"
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

local function guid()
  return string.format("%08x-%04x-4%03x-%04x-%06x%06x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0x8000, 0xbfff), math.random(0, 0xffffff), math.random(0, 0xffffff))
end

request = function()
  local id = kind == "guid" and guid() or tostring(math.random(1000000, 2000000000))
  return wrk.format("GET", string.format(pattern, id))
end
