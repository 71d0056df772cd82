-- wrk script for bench/mock-terrafix.sh: POST /webhook with a unique failure per request, shaped like the
-- original locustfile's payloads, so every request passes the dedup claim (no skipped duplicates).
-- Uniqueness: run nonce (env WRK_NONCE) + wrk thread number + per-thread counter.
-- Optional env WRK_REPO_SIZE=small|medium|large adds resource_details.repo_size (HCL parse per request).

local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  nonce = os.getenv("WRK_NONCE") or tostring(os.time())
  repo_size = os.getenv("WRK_REPO_SIZE")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local id = nonce .. "-" .. thread_id .. "-" .. counter
  local details = ""
  if repo_size ~= nil and repo_size ~= "" then
    details = ',"resource_details":{"name":"test-bucket-' .. id .. '","repo_size":"' .. repo_size .. '"}'
  end
  local body = '{"test_id":"s3-public-access-block-' .. id .. '",'
    .. '"test_name":"S3 Bucket Block Public Access",'
    .. '"resource_arn":"arn:aws:s3:::test-bucket-' .. id .. '",'
    .. '"resource_type":"AWS::S3::Bucket",'
    .. '"failure_reason":"S3 bucket does not have public access blocked",'
    .. '"severity":"high","framework":"SOC2",'
    .. '"failed_at":"2025-12-12T10:59:44.123456+00:00",'
    .. '"current_state":{"block_public_acls":false},"required_state":{"block_public_acls":true},'
    .. '"resource_id":"res-' .. id .. '"' .. details .. '}'
  return wrk.format(nil, "/webhook", nil, body)
end
