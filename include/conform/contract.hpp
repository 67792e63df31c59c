#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conform/finding.hpp"
#include "conform/schema.hpp"
#include "conform/value_mask.hpp"

namespace conform {

// Which body of a call a schema is for.
enum class Direction { request, response };

// A rule a contract states beyond its single-body schemas, as data: what
// kind of check it is and the facts (JSON Pointers, values) it reads.
struct ContractRule {
  std::string id;    // "F1"; shared across families
  std::string kind;  // flowIdFromOpener, flowIdUnique, fieldOnlyInPossession, fieldOnStep, schema
  std::string name;  // a Pascal-case name for reports (SARIF)
  std::string text;  // the rule, as the report states it
  std::string source;
  std::string field;            // fieldOnlyInPossession, fieldOnStep: the request field, a JSON Pointer
  std::string possession;       // the possession type the rule is about
  unsigned step = 0;            // fieldOnStep: which step of the flow (the opening call is the first)
  std::string schema_location;  // schema: findings at or under this schema location are this rule's
};

// One endpoint: its method, its path (matched against the end of a URL's
// path; a segment "{name}" matches any one segment) and its bodies' schemas,
// named as embedded schemas.
struct ContractRoute {
  std::string method;
  std::string path;
  bool opens_flow = false;  // its 2xx response names a new flow
  std::string request;      // schema of the request body
  // "200", "4XX" or "default" -> schema of the response body with that status.
  std::vector<std::pair<std::string, std::string>> responses;
};

// What a direction tolerates: unknown properties are errors or warnings.
struct DirectionPolicy {
  Severity unknown_properties = Severity::error;
};

// A contract as data: the routes of one API family, the facts its flow rules
// read and its policy per direction (see contracts/*.contract.json).
struct Contract {
  std::string id;
  std::string family;  // "V3 MFA"
  std::string spec;    // the document its rules come from
  std::vector<ContractRoute> routes;
  std::string flow_id;          // JSON Pointer of the flow's id in follow-up requests and opening responses
  std::string possession_type;  // JSON Pointer of the possession type in the opening request
  std::vector<ContractRule> rules;
  DirectionPolicy request_policy;
  DirectionPolicy response_policy;

  // Throws conform::Error, naming `origin`, when the text is not a contract.
  static Contract from_text(std::string_view text, const std::string& origin);
  const ContractRule* rule(std::string_view rule_id) const;
  // The route whose opens_flow is set; nullptr when the family has no flows.
  const ContractRoute* opener() const;
};

// Unknown properties a direction tolerates become warnings that say why;
// with Severity::error the findings are left as they are.
void apply_unknown_properties_policy(FindingList& findings, Severity unknown_properties);

// The contracts built into the library, parsed once (V3 MFA, V3 Unify).
const std::vector<Contract>& embedded_contracts();

// Every embedded contract's statement of a rule id, in contract order.
std::vector<std::pair<const Contract*, const ContractRule*>> contract_rules(std::string_view rule_id);

// "V3 MFA and V3 Unify": the families of some contracts, for messages.
std::string contract_families(const std::vector<Contract>& contracts);
// What a run checked captures against, for reports' summaries.
std::string routed_per_call(const std::vector<Contract>& contracts = embedded_contracts());

struct RouterOptions {
  SchemaOptions schema;
  bool strict_responses = false;            // unknown properties in responses are errors too
  std::vector<std::string> disabled_rules;  // rule ids turned off ("F4")
  // A route's path -> the schema its requests are checked against instead.
  std::vector<std::pair<std::string, Schema>> request_overrides;
  // Non-empty: captures are not checked, each is an error with this message.
  std::string refusal;
  ValueMask values;  // how skipped-call lists show path segments that look personal
};

// Routes the calls of a capture to the schemas of their contract. Immutable
// once built, so one router serves every worker.
class Router {
 public:
  // The embedded contracts. Throws conform::Error for an override naming no route.
  explicit Router(RouterOptions options = {});
  Router(std::vector<Contract> contracts, RouterOptions options);
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  struct Match {
    const Contract* contract = nullptr;
    const ContractRoute* route = nullptr;
  };
  // The route a call's method and URL path go to; nullopt when none does.
  std::optional<Match> match(std::string_view method, std::string_view path) const;
  // The route with this path whatever the method (to say why a call is not routed).
  std::optional<Match> match_path(std::string_view path) const;
  // The schema of one body; nullptr when the contract publishes none (a 302, a GET).
  const Schema* schema_for(std::string_view method, std::string_view path, int status, Direction direction) const;
  const Schema* schema_for(const Match& match, int status, Direction direction) const;

  Severity unknown_properties(const Contract& contract, Direction direction) const;
  // For a body checked alone against the embedded schema `name`: the response
  // policy when a route of a contract answers with that schema, else nullopt
  // (a request schema, or a schema no contract names, is as strict as written).
  std::optional<Severity> unknown_properties_of_schema(std::string_view name) const;
  bool rule_enabled(std::string_view rule_id) const;
  const std::vector<Contract>& contracts() const;
  const RouterOptions& options() const;
  // "V3 MFA and V3 Unify": the families, for messages.
  std::string families() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace conform
