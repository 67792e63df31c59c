// Calls the installed library: one loaded schema, a conforming body and one
// that is not, checked as data.
#include <conform/embedded_schema.hpp>
#include <conform/schema.hpp>

#include <iostream>

int main() {
  const conform::Schema schema = conform::Schema::embedded(conform::default_schema_name);
  const conform::Result good = schema.validate(R"({"phoneNumber": "2001004011"})", "good");
  const conform::Result bad = schema.validate(R"({"phoneNumber": 2001004011})", "bad");
  if (good.status != conform::Status::pass) {
    std::cerr << "a conforming body failed\n";
    return 1;
  }
  if (bad.status != conform::Status::fail || bad.findings.size() != 1 || bad.findings[0].keyword != "type" ||
      bad.findings[0].instance_location != "/phoneNumber") {
    std::cerr << "a non-conforming body was not reported as expected\n";
    return 1;
  }
  std::cout << "library: ok\n";
  return 0;
}
