#include "engine/formats.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

// The cases are those of the JSON-Schema-Test-Suite's draft 7 format tests
// (the Debian package's and the upstream repository's later ones), then our
// own edge cases, each table in that order.

namespace conform::engine {
namespace {

using namespace std::string_view_literals;

struct Case {
  std::string_view value;
  bool valid;
};

void expect_format(std::string_view format, std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(check_format(format, c.value), c.valid) << format << ": \"" << c.value << "\"";
  }
}

TEST(Formats, Date) {
  expect_format("date", {
                            {"1963-06-19", true},
                            {"06/19/1963", false},
                            {"2013-350", false},
                            {"2020-01-31", true},
                            {"2020-01-32", false},
                            {"2021-02-28", true},
                            {"2021-02-29", false},
                            {"2020-02-29", true},
                            {"2020-02-30", false},
                            {"2020-03-31", true},
                            {"2020-04-30", true},
                            {"2020-04-31", false},
                            {"2020-06-31", false},
                            {"2020-09-31", false},
                            {"2020-11-31", false},
                            {"2020-12-31", true},
                            {"2020-12-32", false},
                            {"1998-1-20", false},
                            {"1998-01-1", false},
                            {"1998-13-01", false},
                            {"1963-06-1\u09ea", false},
                            {"20230328", false},
                            {"2023-W01", false},
                            {"2023-W13-2", false},
                            {"2022W527", false},
                            {"2020-11-28T23:55:45Z", false},
                            {"0100-02-29", false},
                            {"0400-02-29", true},
                            {"2100-02-29", false},
                            {" 2024-01-15", false},
                            {"2024-01-15 ", false},
                            {"2024-00-15", false},
                            {"2024-01-00", false},
                            {"", false},
                            {"2020-01-01Z", false},
                            {"0001-01-01", true},
                            {"998-01-01", false},
                            {"12020-01-01", false},
                            {"+2020-01-01", false},
                            {"2020-001-01", false},
                            {"2020:01:01", false},
                            {"2020--01-01", false},
                            // Our own.
                            {"0000-01-01", true},
                            {"2000-02-29", true},
                            {"2024-02-29\n", false},
                        });
}

TEST(Formats, Time) {
  expect_format("time", {
                            {"08:30:06.283185Z", true},
                            {"08:30:06 PST", false},
                            {"01:01:01,1111", false},
                            {"08:30:06Z", true},
                            {"008:030:006Z", false},
                            {"8:3:6Z", false},
                            {"8:0030:6Z", false},
                            {"23:59:60Z", true},
                            {"22:59:60Z", false},
                            {"23:58:60Z", false},
                            {"23:59:60+00:00", true},
                            {"22:59:60+00:00", false},
                            {"01:29:60+01:30", true},
                            {"23:29:60+23:30", true},
                            {"23:59:60+01:00", false},
                            {"23:59:60+00:30", false},
                            {"15:59:60-08:00", true},
                            {"00:29:60-23:30", true},
                            {"23:59:60-01:00", false},
                            {"23:59:60-00:30", false},
                            {"23:20:50.52Z", true},
                            {"08:30:06+00:20", true},
                            {"08:30:06-08:00", true},
                            {"12:34:56-00:00", true},
                            {"08:30:06-8:000", false},
                            {"08:30:06z", true},
                            {"24:00:00Z", false},
                            {"00:60:00Z", false},
                            {"00:00:61Z", false},
                            {"01:02:03+24:00", false},
                            {"01:02:03+00:60", false},
                            {"01:02:03Z+00:30", false},
                            {"12:00:00", false},
                            {"12:00:00.52", false},
                            {"1\u09e8:00:00Z", false},
                            {"08:30:06#00:20", false},
                            {"ab:cd:ef", false},
                            {"2020-11-28T23:55:45Z", false},
                            {"24:59:00+01:00", false},
                            // Our own.
                            {"12:00:00.Z", false},
                            {"12:00:00Z\n", false},
                            {"", false},
                        });
}

TEST(Formats, DateTime) {
  expect_format("date-time", {
                                 {"1963-06-19T08:30:06.283185Z", true},
                                 {"1963-06-19T08:30:06Z", true},
                                 {"1937-01-01T12:00:27.87+00:20", true},
                                 {"1990-12-31T15:59:50.123-08:00", true},
                                 {"1990-02-31T15:59:60.123-08:00", false},
                                 {"1990-12-31T15:59:60-24:00", false},
                                 {"1963-06-19T08:30:06.28123+01:00Z", false},
                                 {"06/19/1963 08:30:06 PST", false},
                                 {"1963-06-19t08:30:06.283185z", true},
                                 {"2013-350T01:01:01", false},
                                 {"1998-12-31T23:59:60Z", true},
                                 {"1998-12-31T15:59:60.123-08:00", true},
                                 {"1998-12-31T23:59:61Z", false},
                                 {"1998-12-31T23:58:60Z", false},
                                 {"1998-12-31T22:59:60Z", false},
                                 {"1990-12-31T24:00:00Z", false},
                                 {"1990-12-31T10:00:00+10:60", false},
                                 {"1963-6-19T08:30:06.283185Z", false},
                                 {"1963-06-1\u09eaT00:00:00Z", false},
                                 {"+11963-06-19T08:30:06.283185Z", false},
                                 {"1985-04-12T00:59:59.999999999999999Z", true},
                                 // Our own.
                                 {"2024-02-29 23:59:59Z", false},
                                 {"2024-02-29T", false},
                             });
}

TEST(Formats, Email) {
  expect_format("email", {
                             {"joe.bloggs@example.com", true},
                             {"2962", false},
                             {"joe.bloggs@123.24-7-examples.com", true},
                             {"te~st@example.com", true},
                             {"~test@example.com", true},
                             {"\"joe bloggs\"@example.com", true},
                             {"\"joe..bloggs\"@example.com", true},
                             {"\"joe@bloggs\"@example.com", true},
                             {"joe.bloggs@[127.0.0.1]", true},
                             {"joe.bloggs@[IPv6:::1]", true},
                             {".test@example.com", false},
                             {"test.@example.com", false},
                             {"te.s.t@example.com", true},
                             {"te..st@example.com", false},
                             {"joe.bloggs@invalid=domain.com", false},
                             {"joe.bloggs@[127.0.0.300]", false},
                             {"user1@oceania.org, user2@oceania.org", false},
                             {"\"Winston Smith\" <winston.smith@recdep.minitrue> (Records Department)", false},
                             {"@example.com", false},
                             {"joe.bloggs@", false},
                             {"joe bloggs@example.com", false},
                             {"test@255.255.255.255", true},
                             {"\"\"@iana.org", true},
                             {"\" \"@iana.org", true},
                             {"test@c--n.com", true},
                             {"test@123.com", true},
                             {"a\u00e9@iana.org", false},
                             {"a@\u00e9.org", false},
                             {"a\uff20iana.org", false},
                             {"\"test\\\u00a9\"@iana.org", false},
                             {"test@iana.org\n", false},
                             {"test@iana.org\r", false},
                             {"a@iana.org ", false},
                             {" a@iana.org", false},
                             {"a\tb@iana.org", false},
                             {"\x7f@iana.org", false},
                             {"\"test\"@iana.org", true},
                             {"\"\\a\"@iana.org", true},
                             {"\"\\\"\"@iana.org", true},
                             {"\"\\\\\"@iana.org", true},
                             {"test\"@iana.org", false},
                             {"\"test\"test@iana.org", false},
                             {"\"test@iana.org", false},
                             {"a@b@c.org", false},
                             {"test\\@test@iana.org", false},
                             {"[1.2.3.4]@iana.org", false},
                             {"", false},
                             {"test@-iana.org", false},
                             {"test@iana-.com", false},
                             {"test@.iana.org", false},
                             {"test@iana.org.", false},
                             {"test@iana..com", false},
                             {"test@io", true},
                             {"test@[1.2.3.4", false},
                             {"a@[]", false},
                             {"a@[1.2.3]", false},
                             {"a@[1.2.3.4.5]", false},
                             {"test@[RFC-5322-domain-literal]", false},
                             {"test@a[255.255.255.255]", false},
                             {"a@[ipv6:::1]", true},
                             {"a,b@iana.org", false},
                             {"a;b@iana.org", false},
                             {"a:b@iana.org", false},
                             {"test(comment)@iana.org", false},
                             {"a@b(c).org", false},
                             // Our own: the 64-octet limit, address literals, A-labels.
                             {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", true},
                             {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", false},
                             {"user@[01.0.0.1]", true},
                             {"user@[IPv6:2001:db8::1]", true},
                             {"user@[IPv6:2001:db8::g]", false},
                             {"user@[IPv7:2001:db8::1]", false},
                             {"user@xn--4gbwdl.xn--wgbh1c", true},
                             {"user@xn--X.com", false},
                         });
}

TEST(Formats, IdnEmail) {
  expect_format("idn-email", {
                                 {"\uc2e4\ub840@\uc2e4\ub840.\ud14c\uc2a4\ud2b8", true},
                                 {"2962", false},
                                 {"joe.bloggs@example.com", true},
                                 {"\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae@example.com", true},
                                 {"\"\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae\"@example.com", true},
                                 {"user@cafe\u0301.com", true},
                                 {"cafe\u0301@example.com", true},
                                 {"\u0085@example.com", true},
                                 {"\uffff@example.com", true},
                                 {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", true},
                                 {"user\uff20example.com", false},
                                 {"\U0001d54f@example.com", true},
                                 {"\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae@[192.0.2.1]", true},
                                 {"\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae@[IPv6:2001:db8::1]", true},
                                 {"user@[192.0.2.300]", false},
                                 {"user@[01.0.0.1]", true},
                                 // Our own: a quoted pair stays ASCII, the domain is an idn-hostname.
                                 {"\"a\\\u00e9\"@example.com", false},
                                 {"user@\u302e\uc2e4\ub840.\ud14c\uc2a4\ud2b8", false},
                                 {"user@", false},
                                 {"\u00e9\xff@example.com"sv, false},
                             });
}

TEST(Formats, Hostname) {
  expect_format(
      "hostname",
      {
          {"www.example.com", true},
          {"xn--4gbwdl.xn--wgbh1c", true},
          {"123.24-7-examples.com", true},
          {"-a-host-name-that-starts-with--", false},
          {"not_a_valid_host_name", false},
          {"a-vvvvvvvvvvvvvvvveeeeeeeeeeeeeeeerrrrrrrrrrrrrrrryyyyyyyyyyyyyyyy-long-host-name-component", false},
          {"-hostname", false},
          {"hostname-", false},
          {"_hostname", false},
          {"hostname_", false},
          {"host_name", false},
          {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk.com", true},
          {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl.com", false},
          {"", false},
          {"xn--X", false},
          {"XN--aa---o47jg78q", false},
          {"xn---9uc", false},
          // Our own: dots, the 253-octet limit, A-labels and the Bidi rule.
          {"example.", false},
          {".example", false},
          {"a..b", false},
          {"platform.uat.proveapis.com", true},
          {"EXAMPLE.COM", true},
          {"xn--ihqwcrb4cv8a8dqg056pqjye", true},
          {"XN--IHQWCRB4CV8A8DQG056PQJYE", true},
          {"xn--", false},
          {"xn--abc-", false},                         // decodes to ASCII: not an A-label
          {"1.xn--4gbwdl", false},                     // a right-to-left domain whose first label starts with a digit
          {"\uc2e4\ub840.\ud14c\uc2a4\ud2b8", false},  // not ASCII: idn-hostname's business
          {"a.bcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"
           "wxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"
           "wxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
           false},
          {std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd'),
           true},
          {std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(62, 'd'),
           false},
      });
}

TEST(Formats, IdnHostname) {
  expect_format(
      "idn-hostname",
      {
          {"\uc2e4\ub840.\ud14c\uc2a4\ud2b8", true},
          {"\u302e\uc2e4\ub840.\ud14c\uc2a4\ud2b8", false},
          {"\uc2e4\u302e\ub840.\ud14c\uc2a4\ud2b8", false},
          {"\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4"
           "\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4"
           "\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4\uc2e4"
           "\uc2e4\ub840\ub840\ud14c\uc2a4\ud2b8\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840"
           "\ub840\ub840\ub840\ub840\ub840\ub840\ud14c\uc2a4\ud2b8\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840"
           "\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ud14c\uc2a4\ud2b8\ub840\ub840\ub840"
           "\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ub840\ud14c\uc2a4\ud2b8\ub840\ub840\uc2e4\ub840.\ud14c"
           "\uc2a4\ud2b8",
           false},
          {"-> $1.00 <--", false},
          {"xn--ihqwcrb4cv8a8dqg056pqjye", true},
          {"xn--X", false},
          {"XN--aa---o47jg78q", false},
          {"-hello", false},
          {"hello-", false},
          {"-hello-", false},
          {"\u0903hello", false},
          {"\u0300hello", false},
          {"\u0488hello", false},
          {"\u00df\u03c2\u0f0b\u3007", true},
          {"\u06fd\u06fe", true},
          {"\u0640\u07fa", false},
          {"\u3031\u3032\u3033\u3034\u3035\u302e\u302f\u303b", false},
          {"a\u00b7l", false},
          {"\u00b7l", false},
          {"l\u00b7a", false},
          {"l\u00b7", false},
          {"l\u00b7l", true},
          {"\u03b1\u0375S", false},
          {"\u03b1\u0375", false},
          {"\u03b1\u0375\u03b2", true},
          {"A\u05f3\u05d1", false},
          {"\u05f3\u05d1", false},
          {"\u05d0\u05f3\u05d1", true},
          {"A\u05f4\u05d1", false},
          {"\u05f4\u05d1", false},
          {"\u05d0\u05f4\u05d1", true},
          {"def\u30fbabc", false},
          {"\u30fb", false},
          {"\u30fb\u3041", true},
          {"\u30fb\u30a1", true},
          {"\u30fb\u4e08", true},
          {"\u0628\u0660\u06f0", false},
          {"\u0628\u0660\u0628", true},
          {"\u06f00", true},
          {"\u0915\u200d\u0937", false},
          {"\u200d\u0937", false},
          {"\u0915\u094d\u200d\u0937", true},
          {"\u0915\u094d\u200c\u0937", true},
          {"\u0628\u064a\u200c\u0628\u064a", true},
          {"hostname", true},
          {"host-name", true},
          {"h0stn4me", true},
          {"hostnam3", true},
          {"", false},
          {"0a.\u05d0", false},
          {"0\u0627", false},
          {"a\u05d0", false},
          {"\u05d00\u0660", false},
          {"xn---9uc", false},
          {".", false},
          {"\u3002", false},
          {"\uff0e", false},
          {"\uff61", false},
          {"a.b", true},
          {"a\u3002b", true},
          {"a\uff0eb", true},
          {"a\uff61b", true},
          {".example", false},
          {"\u3002example", false},
          {"\uff0eexample", false},
          {"\uff61example", false},
          {"example.", false},
          {"example\u3002", false},
          {"example\uff0e", false},
          {"example\uff61", false},
          {"\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9"
           "\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac"
           "\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0"
           "\u03b1.com",
           true},
          {"\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9"
           "\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac"
           "\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0\u03b1\u03c1\u03ac\u03b4\u03b5\u03b9\u03b3\u03bc\u03b1\u03c0"
           "\u03b1\u3002com",
           true},
          // Our own: lengths in A-label form, disallowed and unassigned code
          // points, uppercase, ZWNJ between joining letters, Bidi endings.
          {"b\u00fccher.example", true},
          {"B\u00fccher.example", true},   // ASCII case does not matter in DNS
          {"b\u00dccher.example", false},  // U+00DC is not stable under case folding
          {"a\u0020b", false},             // a space
          {"\u2163", false},               // ROMAN NUMERAL FOUR folds to "iv"
          {"a\u0378", false},              // unassigned in Unicode 14
          {"\u0628\u200c", false},         // ZWNJ with nothing to join to
          {"\u0627\u200c\u0628", false},   // ALEF does not join to the left
          {"\u05d0\u0300", true},          // right-to-left, ending in a mark after R
          {"\u05d0-", false},              // a trailing hyphen
          {"ab--\u00e9", false},           // "--" in the third and fourth positions
          {"\xff"sv, false},               // not UTF-8
          {"\U000e0001abc", false},        // LANGUAGE TAG is default-ignorable
      });
}

// The 63-octet limit applies to the A-label: "xn--", the ASCII letters, "-",
// then the Punycode for the others.
TEST(Formats, IdnHostnameLimitsApplyToTheALabel) {
  EXPECT_EQ(check_format("idn-hostname", std::string(55, 'a') + "\u00e9"), true);
  EXPECT_EQ(check_format("idn-hostname", std::string(56, 'a') + "\u00e9"), false);
  EXPECT_EQ(check_format("idn-hostname", std::string(63, 'a')), true);
  EXPECT_EQ(check_format("idn-hostname", std::string(64, 'a')), false);
}

TEST(Formats, Ipv4) {
  expect_format("ipv4", {
                            {"192.168.0.1", true},
                            {"127.0.0.0.1", false},
                            {"256.256.256.256", false},
                            {"127.0", false},
                            {"0x7f000001", false},
                            {"127.1", false},
                            {"127.0.1", false},
                            {"2130706433", false},
                            {"1\u09e87.0.0.1", false},
                            {"192.168.1.0/24", false},
                            {" 192.168.0.1", false},
                            {"192.168.0.1 ", false},
                            {"192.168.0.1\n", false},
                            {"0x7f.0.0.1", false},
                            {"0o10.0.0.1", false},
                            {"192.168..1", false},
                            {".192.168.0.1", false},
                            {"192.168.0.1.", false},
                            {"0.0.0.0", true},
                            {"255.255.255.255", true},
                            {"", false},
                            {"+1.2.3.4", false},
                            {"-1.2.3.4", false},
                            {"1e2.0.0.1", false},
                            {"192.168.a.1", false},
                            {"192. 168.0.1", false},
                            {"192.168.0.1\t", false},
                            {"192.168.0.1:80", false},
                            {"192.168.0.256", false},
                            {"087.10.0.1", false},
                            {"87.10.0.1", true},
                            // Our own.
                            {"1.2.3.0004", false},
                            {"1.2.3.4\0"sv, false},
                        });
}

TEST(Formats, Ipv6) {
  expect_format("ipv6", {
                            {"::1", true},
                            {"12345::", false},
                            {"1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1", false},
                            {"::laptop", false},
                            {"::abef", true},
                            {"::abcef", false},
                            {"::", true},
                            {"::42:ff:1", true},
                            {"d6::", true},
                            {":2:3:4:5:6:7:8", false},
                            {"1:2:3:4:5:6:7:", false},
                            {":2:3:4::8", false},
                            {"1:d6::42", true},
                            {"1::d6::42", false},
                            {"1::d6:192.168.0.1", true},
                            {"1:2::192.168.0.1", true},
                            {"1::2:192.168.256.1", false},
                            {"1::2:192.168.ff.1", false},
                            {"::ffff:192.168.0.1", true},
                            {"1:2:3:4:5:::8", false},
                            {"1:2:3:4:5:6:7:8", true},
                            {"1:2:3:4:5:6:7", false},
                            {"1", false},
                            {"127.0.0.1", false},
                            {"1:2:3:4:1.2.3", false},
                            {"  ::1", false},
                            {"::1  ", false},
                            {"fe80::/64", false},
                            {"fe80::a%eth1", false},
                            {"1000:1000:1000:1000:1000:1000:255.255.255.255", true},
                            {"100:100:100:100:100:100:255.255.255.255.255", false},
                            {"100:100:100:100:100:100:100:255.255.255.255", false},
                            {"1:2:3:4:5:6:7:\u09ea", false},
                            {"1:2::192.16\u09ea.0.1", false},
                            {"::ffff:256.1.1.1", false},
                            // Our own.
                            {"1:2:3:4:5:6:7::", true},
                            {"::1:2:3:4:5:6:7", true},
                            {"1:2:3:4:5:6:7:8::", false},
                            {"::ffff:192.168.0.01", false},
                            {"1.2.3.4::", false},
                            {"", false},
                        });
}

TEST(Formats, Uri) {
  expect_format("uri", {
                           {"http://foo.bar/?baz=qux#quux", true},
                           {"http://foo.com/blah_(wikipedia)_blah#cite-1", true},
                           {"http://foo.bar/?q=Test%20URL-encoded%20stuff", true},
                           {"http://xn--nw2a.xn--j6w193g/", true},
                           {"http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", true},
                           {"http://223.255.255.254", true},
                           {"ftp://ftp.is.co.za/rfc/rfc1808.txt", true},
                           {"http://www.ietf.org/rfc/rfc2396.txt", true},
                           {"ldap://[2001:db8::7]/c=GB?objectClass?one", true},
                           {"mailto:John.Doe@example.com", true},
                           {"news:comp.infosystems.www.servers.unix", true},
                           {"tel:+1-816-555-1212", true},
                           {"urn:oasis:names:specification:docbook:dtd:xml:4.1.2", true},
                           {"//foo.bar/?baz=qux#quux", false},
                           {"/abc", false},
                           {"\\\\WINDOWS\\fileshare", false},
                           {"abc", false},
                           {"http:// shouldfail.com", false},
                           {":// should fail", false},
                           {"bar,baz:foo", false},
                           {"https://[@example.org/test.txt", false},
                           {"https://example.org/foobar\u00ae.txt", false},
                           {"https://example.org/foobar\\.txt", false},
                           {"https://example.org/foobar\".txt", false},
                           {"https://example.org/foobar<>.txt", false},
                           {"https://example.org/foobar{}.txt", false},
                           {"https://example.org/foobar^.txt", false},
                           {"https://example.org/foobar`.txt", false},
                           {"https://example.org/foo bar.txt", false},
                           {"https://example.org/foobar|.txt", false},
                           {"http://087.10.0.1/", true},
                           {"http://999.999.999.999/", true},
                           {"http://example.com/%6G", false},
                           {"http://example.com/%A", false},
                           {"http://example.com/%", false},
                           {"1http://example.com", false},
                           {"ht_tp://example.com", false},
                           {"http://example.com:abc/path", false},
                           {"http://a.com:8:0", false},
                           {"http://a.com::", false},
                           {"http://a.com:", true},
                           {"http://a.com:999999999", true},
                           {"http://:80", true},
                           {"http://@a.com", true},
                           {"http://user@", true},
                           {"http://!$&'()*+,;=.com", true},
                           {"http://example.com.", true},
                           {"http://exa~mple.com/", true},
                           {"http://under_score.com/", true},
                           // Our own.
                           {"http://[v1.fe]/", true},
                           {"http://[v.fe]/", false},
                           {"http://[::1]x/", false},
                           {"http://[fe80::1%25eth0]/", false},  // RFC 6874 zones are not RFC 3986
                           {"a:b#c#d", false},
                           {"a:b?c?d", true},
                           {"http://example.com/\n", false},
                       });
}

TEST(Formats, UriReference) {
  expect_format("uri-reference", {
                                     {"http://foo.bar/?baz=qux#quux", true},
                                     {"//foo.bar/?baz=qux#quux", true},
                                     {"/abc", true},
                                     {"\\\\WINDOWS\\fileshare", false},
                                     {"abc", true},
                                     {"#fragment", true},
                                     {"#frag\\ment", false},
                                     {"/foobar\u00ae.txt", false},
                                     {"https://example.org/foobar\\.txt", false},
                                     {"http://087.10.0.1/", true},
                                     {"http://999.999.999.999/", true},
                                     {"", true},
                                     {"?query=1", true},
                                     {"//", true},
                                     {"/%zz", false},
                                     {"/a\"b", false},
                                     {"/[::1]", false},
                                     {"//example.com:abc/p", false},
                                     {"//a@b@example.com/", false},
                                     {"//[::ffff:192.168.0.01]/p", false},
                                     {"1:b", false},
                                     {"./this:that", true},
                                     {"/p\n", false},
                                     {"//[V1.fe]/p", true},
                                     // Our own.
                                     {"this/that:other", true},
                                     {"a:b", true},
                                     {"#", true},
                                 });
}

TEST(Formats, Iri) {
  expect_format(
      "iri",
      {
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/?\u2202\u00e9\u0153=\u03c0\u00eex#\u03c0\u00ee\u00fcx", true},
          {"http://\u0192\u00f8\u00f8.com/blah_(w\u00eek\u00efp\u00e9di\u00e5)_blah#\u00dfit\u00e9-1", true},
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/?q=Test%20URL-encoded%20stuff", true},
          {"http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", true},
          {"http://[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", true},
          {"http://2001:0db8:85a3:0000:0000:8a2e:0370:7334", false},
          {"/abc", false},
          {"\\\\WINDOWS\\fil\u00eb\u00df\u00e5r\u00e9", false},
          {"\u00e2\u03c0\u03c0", false},
          {"http://[::ffff:192.168.0.01]", false},
          {"http://[2001:db8::1]", true},
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/\n", false},
          {"http://192.168.0.1/p", true},
          {"urn:example:resource", true},
          {"file:/etc/hosts", true},
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/\U00010300", true},
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/?q=\U000f0000", true},
          // Our own: private use only in the query, no non-characters.
          {"http://example.com/\U000f0000", false},
          {"http://example.com/#\U000f0000", false},
          {"http://example.com/\uffff", false},
          {"http://example.com/\u0085", false},
      });
}

TEST(Formats, IriReference) {
  expect_format(
      "iri-reference",
      {
          {"http://\u0192\u00f8\u00f8.\u00df\u00e5r/?\u2202\u00e9\u0153=\u03c0\u00eex#\u03c0\u00ee\u00fcx", true},
          {"//\u0192\u00f8\u00f8.\u00df\u00e5r/?\u2202\u00e9\u0153=\u03c0\u00eex#\u03c0\u00ee\u00fcx", true},
          {"/\u00e2\u03c0\u03c0", true},
          {"\\\\WINDOWS\\fil\u00eb\u00df\u00e5r\u00e9", false},
          {"\u00e2\u03c0\u03c0", true},
          {"#\u0192r\u00e4gm\u00eant", true},
          {"#\u0192r\u00e4g\\m\u00eant", false},
          {"//[V1.fe]/p", true},
          // Our own.
          {"", true},
          {"\u00e2:\u03c0", false},  // a scheme is ASCII, so this is a first segment with a colon
      });
}

TEST(Formats, UriTemplate) {
  expect_format("uri-template", {
                                    {"http://example.com/dictionary/{term:1}/{term}", true},
                                    {"http://example.com/dictionary/{term:1}/{term", false},
                                    {"http://example.com/dictionary", true},
                                    {"dictionary/{term:1}/{term}", true},
                                    {"{}", false},
                                    {"{a,,b}", false},
                                    {"{v:0}", false},
                                    {"{v:10000}", false},
                                    {"", true},
                                    {"foo}bar", false},
                                    {"a%41b", true},
                                    {"a%", false},
                                    {"a%4", false},
                                    {"a%GG", false},
                                    {"a\U0001f600b", true},
                                    {"a\ue000b", true},
                                    {"a\U000f0000b", true},
                                    {"{+var}", true},
                                    {"{#var}", true},
                                    {"{.var}", true},
                                    {"{/var}", true},
                                    {"{;var}", true},
                                    {"{?var}", true},
                                    {"{&var}", true},
                                    {"{var*}", true},
                                    {"{x,y}", true},
                                    {"{a.b}", true},
                                    {"{a..b}", false},
                                    {"{%41}", true},
                                    {"{%}", false},
                                    {"{%4}", false},
                                    {"{%GG}", false},
                                    {"{v:1000}", true},
                                    {"{v:01}", false},
                                    {"a b", false},
                                    {"a\x7f"
                                     "b",
                                     false},
                                    {"{a,}", false},
                                    {"{var=def}", false},
                                    {"{,+var}", false},
                                    {"a'b", true},
                                    // Our own.
                                    {"{var*x}", false},
                                    {"{var:}", false},
                                    {"{.a}", true},
                                    {"{..a}", false},
                                    {"{a.}", false},
                                    {"{{a}}", false},
                                    {"{|a}", false},
                                    {"a\"b", false},
                                });
}

TEST(Formats, JsonPointer) {
  expect_format("json-pointer", {
                                    {"/foo/bar~0/baz~1/%a", true},
                                    {"/foo/bar~", false},
                                    {"/foo//bar", true},
                                    {"/foo/bar/", true},
                                    {"", true},
                                    {"/foo", true},
                                    {"/foo/0", true},
                                    {"/", true},
                                    {"/a~1b", true},
                                    {"/c%d", true},
                                    {"/e^f", true},
                                    {"/g|h", true},
                                    {"/i\\j", true},
                                    {"/k\"l", true},
                                    {"/ ", true},
                                    {"/m~0n", true},
                                    {"/foo/-", true},
                                    {"/foo/-/bar", true},
                                    {"/~1~0~0~1~1", true},
                                    {"/~1.1", true},
                                    {"/~0.1", true},
                                    {"#", false},
                                    {"#/", false},
                                    {"#a", false},
                                    {"/~0~", false},
                                    {"/~0/~", false},
                                    {"/~2", false},
                                    {"/~-1", false},
                                    {"/~~", false},
                                    {"a", false},
                                    {"0", false},
                                    {"a/a", false},
                                    {"/foo/bar/\U0001f60e", true},
                                    {"/01", true},
                                    {"/\x7f", true},
                                    {"#/foo", false},
                                    {"/foo\0~"sv, false},
                                    {"/}", true},
                                    {"/\uff5e", true},
                                    {"/~\uff10", false},
                                    {"/foo\0bar\n\tbaz"sv, true},
                                });
}

TEST(Formats, RelativeJsonPointer) {
  expect_format("relative-json-pointer", {
                                             {"1", true},
                                             {"0/foo/bar", true},
                                             {"2/0/baz/1/zip", true},
                                             {"0#", true},
                                             {"/foo/bar", false},
                                             {"0+1", true},
                                             {"0+1/foo", true},
                                             {"1-2/bar", true},
                                             {"0-0", true},
                                             {"0-1#", true},
                                             {"1foo", false},
                                             {"-1/foo/bar", false},
                                             {"+1/foo/bar", false},
                                             {"0+", false},
                                             {"0-01", false},
                                             {"0++1", false},
                                             {"0+1not-a-pointer", false},
                                             {"\u0661/foo", false},
                                             {"0##", false},
                                             {"01/a", false},
                                             {"01#", false},
                                             {"", false},
                                             {"120/foo/bar", true},
                                             {"100", true},
                                             {"0/~2", false},
                                             {"0/foo/bar~", false},
                                             {"1#/foo/bar", false},
                                             {"0//", true},
                                             {"1\n", false},
                                         });
}

TEST(Formats, Regex) {
  expect_format("regex", {
                             {"([abc])+\\s+$", true},
                             {"^(abc]", false},
                             {"^\\S(|(.|\\n)*\\S)\\Z", false},
                             {"*a", false},
                             {"[z-a]", false},
                             {"\\", false},
                             {"a)", false},
                             {"[abc", false},
                             {"", true},
                             {"a|b", true},
                             {"a{2,3}", true},
                             {"[^a-z]", true},
                             {"a+?", true},
                             {"\\a", false},
                             {"(?P<name>x)", false},
                             {"(?P<n>a)(?P=n)", false},
                             {"(?#comment)a", false},
                             {"(?i)abc", false},
                             {"(?ims)abc", false},
                             {"(?<name>x)", true},
                             {"(?<n>a)\\k<n>", true},
                             {"(?<=a+)b", true},
                             {"[]", true},
                             {"[^]", true},
                             {"\\cA", true},
                             // Our own: valid even where RE2 cannot run them.
                             {"(?=a)b(?!c)", true},
                             {"(a)\\1", true},
                             {"(a)\\2", false},
                             {"\\k<missing>", false},
                             {"(?<n>a)(?<n>b)", false},
                             {"\\p{Letter}\\P{sc=Grek}\\p{Script=Greek}", true},
                             {"\\p{NotAProperty}", false},
                             {"(?i:a)", true},
                             {"(?ii:a)", false},
                             {"a{2}{3}", false},
                             {"\\u{110000}", false},
                             {"\\u{10FFFF}", true},
                         });
}

TEST(Formats, Uuid) {
  expect_format("uuid", {
                            {"713189b8-5555-4b08-83ba-75d08780aebd", true},
                            {"713189B8-5555-4B08-83BA-75D08780AEBD", true},
                            {"713189b855554b0883ba75d08780aebd", false},
                            {"713189b8-5555-4b08-83ba-75d08780aebdx", false},
                            {"713189b8_5555-4b08-83ba-75d08780aebd", false},
                            {"g13189b8-5555-4b08-83ba-75d08780aebd", false},
                        });
}

TEST(Formats, UnknownFormatsAreNotAsserted) { EXPECT_EQ(check_format("x-custom", "anything"), std::nullopt); }

// RFC 3339 appendix A, the format of 2019-09 and 2020-12.
TEST(Formats, Duration) {
  expect_format("duration",
                {
                    {"P4DT12H30M5S", true}, {"P4Y", true},    {"PT0S", true},   {"P0D", true},   {"P1M", true},
                    {"PT1M", true},         {"PT36H", true},  {"P1W", true},    {"P2Y1M", true}, {"P1Y2M3D", true},
                    {"PT1H30M", true},      {"PT1M2S", true}, {"PT1D", false},  {"P", false},    {"P1YT", false},
                    {"PT", false},          {"P2D1Y", false}, {"P1D2H", false}, {"P2S", false},  {"P1Y2W", false},
                    {"P\u09e8Y", false},    {"P1", false},    {"P1Y1D", false}, {"1D", false},
                });
}

}  // namespace
}  // namespace conform::engine
