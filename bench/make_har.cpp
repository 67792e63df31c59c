// Writes a large, deterministic HAR 1.2 capture of V3 MFA traffic for the
// capture benchmarks: flows of all three possession types, interleaved with
// unrelated requests, with the headers, cookies and timings a browser writes.
// One flow in fifty breaks a flow rule. Usage: make_har OUTPUT MEGABYTES
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

std::string uuid(unsigned long long n) {
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", static_cast<unsigned>(n * 2654435761ULL),
                     static_cast<unsigned>(n & 0xFFFFU), static_cast<unsigned>((n >> 4) & 0xFFFU),
                     static_cast<unsigned>((n >> 8) & 0xFFFU), n * 11400714819323198485ULL & 0xFFFFFFFFFFFFULL);
}

std::string escaped(const std::string& json) {
  std::string out;
  for (char c : json) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string entry(unsigned long long n, const std::string& url, int status, const std::string& request,
                  const std::string& response) {
  return fmt::format(R"HAR(    {{
      "pageref": "page_1",
      "startedDateTime": "2026-11-27T10:{:02}:{:02}.{:03}Z",
      "time": 187.4,
      "request": {{
        "method": "POST",
        "url": "{}",
        "httpVersion": "HTTP/2",
        "cookies": [{{"name": "prove_sid", "value": "FICTIONAL-{}"}}],
        "headers": [
          {{"name": "Authorization", "value": "Bearer FICTIONAL.{}.token"}},
          {{"name": "Content-Type", "value": "application/json"}},
          {{"name": "User-Agent", "value": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"}},
          {{"name": "Accept", "value": "application/json, text/plain, */*"}}
        ],
        "queryString": [],
        "postData": {{"mimeType": "application/json", "params": [], "text": "{}"}},
        "headersSize": 512,
        "bodySize": {}
      }},
      "response": {{
        "status": {},
        "statusText": "OK",
        "httpVersion": "HTTP/2",
        "cookies": [],
        "headers": [{{"name": "Content-Type", "value": "application/json"}}, {{"name": "X-Request-Id", "value": "{}"}}],
        "content": {{"size": {}, "mimeType": "application/json", "text": "{}"}},
        "redirectURL": "",
        "headersSize": 256,
        "bodySize": {}
      }},
      "cache": {{}},
      "timings": {{"blocked": 1.2, "dns": 0, "connect": 0, "ssl": 0, "send": 0.3, "wait": 180.1, "receive": 5.8}},
      "serverIPAddress": "203.0.113.10",
      "connection": "443"
    }})HAR",
                     (n / 60000) % 60, (n / 1000) % 60, n % 1000, url, n, n, escaped(request), request.size(), status,
                     uuid(n + 7), response.size(), escaped(response), response.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_har OUTPUT MEGABYTES\n");
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) return 2;
  const unsigned long long target = std::strtoull(argv[2], nullptr, 10) * 1024 * 1024;
  unsigned long long written = 0;
  auto emit = [&](const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), out);
    written += text.size();
  };
  emit(R"({"log": {"version": "1.2", "creator": {"name": "conform make_har", "version": "1"},
  "pages": [{"startedDateTime": "2026-11-27T10:00:00.000Z", "id": "page_1", "title": "checkout", "pageTimings": {}}],
  "entries": [
)");
  const char* hosts[] = {"https://platform.uat.proveapis.com", "https://platform.proveapis.com"};
  const char* types[] = {"mobile", "desktop", "none"};
  unsigned long long n = 0;
  bool first = true;
  for (unsigned long long flow = 0; written < target; ++flow) {
    const std::string host = hosts[flow % 2];
    const std::string type = types[flow % 3];
    const std::string id = uuid(flow);
    const bool broken = flow % 50 == 49;  // F3: a phone number where the flow does not allow one
    std::string mfa = R"({"possessionType":")" + type + R"(","clientRequestId":")" + uuid(flow + 1000000) + "\"";
    if (type != "none") mfa += R"(,"phoneNumber":"2001004011")";
    if (type == "desktop") mfa += R"(,"finalTargetUrl":"https://shop.example.com/done")";
    mfa += "}";
    const std::string status_request =
        R"({"correlationId":")" + id + "\"" + (broken && type != "none" ? R"(,"phoneNumber":"2001004011")" : "") + "}";
    const std::string bind_request =
        R"({"correlationId":")" + id + "\"" + (type == "none" ? R"(,"phoneNumber":"2001004012")" : "") + "}";
    const std::string calls[3][3] = {
        {host + "/v3/mfa", mfa, R"({"correlationId":")" + id + R"(","success":"true","authToken":"eyJ0.e30.c2ln"})"},
        {host + "/v3/mfa-status", status_request, R"({"phoneNumber":"2001004011","success":"true"})"},
        {host + "/v3/mfa-bind", bind_request, R"({"phoneNumber":"2001004011","success":"true"})"}};
    for (const auto& call : calls) {
      if (!first) emit(",\n");
      first = false;
      emit(entry(n++, call[0], 200, call[1], call[2]));
    }
  }
  emit("\n  ]\n}}\n");
  std::fclose(out);
  std::fprintf(stderr, "make_har: %llu entries, %llu bytes\n", n, written);
  return 0;
}
