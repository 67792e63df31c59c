#include "conform/contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "conform/error.hpp"
#include "embedded_contract_data.hpp"
#include "json/strict_reader.hpp"

namespace conform {
namespace {

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  const auto found = object.FindMember(name);
  return found == object.MemberEnd() ? nullptr : &found->value;
}

std::string string_of(const rapidjson::Value& object, const char* name, const std::string& where,
                      bool required = true) {
  const rapidjson::Value* value = member(object, name);
  if (value == nullptr && !required) return {};
  if (value == nullptr || !value->IsString()) throw Error(fmt::format("\"{}\" must be a string", name), where);
  return {value->GetString(), value->GetStringLength()};
}

Severity severity_of(const rapidjson::Value& policy, const char* direction, const std::string& where) {
  const rapidjson::Value* side = member(policy, direction);
  if (side == nullptr) return Severity::error;
  const std::string level = string_of(*side, "unknownProperties", where, false);
  if (level.empty() || level == "error") return Severity::error;
  if (level == "warning") return Severity::warning;
  throw Error(fmt::format("policy.{}.unknownProperties must be \"error\" or \"warning\"", direction), where);
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    if (slash != 0) parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// The route's path matches the end of the URL's path, segment by segment.
bool path_matches(std::string_view route, std::string_view url_path) {
  const auto want = segments(route);
  const auto have = segments(url_path);
  if (want.empty() || have.size() < want.size()) return false;
  const std::size_t offset = have.size() - want.size();
  for (std::size_t i = 0; i < want.size(); ++i) {
    const bool any = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (!any && want[i] != have[offset + i]) return false;
  }
  return true;
}

bool same_method(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

Contract Contract::from_text(std::string_view text, const std::string& origin) {
  rapidjson::Document document;
  if (auto problems = json::read_strict(text, Limits{}, document); !problems.empty()) {
    throw Error(problems.front().message, origin, problems.front().line, problems.front().column);
  }
  if (!document.IsObject()) throw Error("a contract must be a JSON object", origin);
  Contract contract;
  contract.id = string_of(document, "id", origin);
  contract.family = string_of(document, "family", origin);
  contract.spec = string_of(document, "spec", origin, false);
  const rapidjson::Value* routes = member(document, "routes");
  if (routes == nullptr || !routes->IsArray() || routes->Empty()) {
    throw Error("\"routes\" must list at least one route", origin);
  }
  for (const auto& entry : routes->GetArray()) {
    ContractRoute route;
    route.method = string_of(entry, "method", origin);
    route.path = string_of(entry, "path", origin);
    route.request = string_of(entry, "request", origin, false);
    if (const rapidjson::Value* opens = member(entry, "opensFlow"); opens != nullptr && opens->IsBool()) {
      route.opens_flow = opens->GetBool();
    }
    if (const rapidjson::Value* responses = member(entry, "responses"); responses != nullptr) {
      if (!responses->IsObject()) throw Error("\"responses\" must map statuses to schema names", origin);
      for (const auto& response : responses->GetObject()) {
        if (!response.value.IsString()) throw Error("\"responses\" must map statuses to schema names", origin);
        route.responses.emplace_back(response.name.GetString(), response.value.GetString());
      }
    }
    contract.routes.push_back(std::move(route));
  }
  if (const rapidjson::Value* facts = member(document, "facts")) {
    contract.flow_id = string_of(*facts, "flowId", origin, false);
    contract.possession_type = string_of(*facts, "possessionType", origin, false);
  }
  if (const rapidjson::Value* rules = member(document, "rules"); rules != nullptr && rules->IsArray()) {
    for (const auto& entry : rules->GetArray()) {
      ContractRule rule;
      rule.id = string_of(entry, "id", origin);
      rule.kind = string_of(entry, "kind", origin);
      rule.name = string_of(entry, "name", origin, false);
      rule.text = string_of(entry, "text", origin);
      rule.source = string_of(entry, "source", origin, false);
      rule.field = string_of(entry, "field", origin, false);
      rule.possession = string_of(entry, "possession", origin, false);
      rule.schema_location = string_of(entry, "schemaLocation", origin, false);
      if (const rapidjson::Value* step = member(entry, "step"); step != nullptr && step->IsUint()) {
        rule.step = step->GetUint();
      }
      contract.rules.push_back(std::move(rule));
    }
  }
  if (const rapidjson::Value* policy = member(document, "policy")) {
    contract.request_policy.unknown_properties = severity_of(*policy, "request", origin);
    contract.response_policy.unknown_properties = severity_of(*policy, "response", origin);
  }
  return contract;
}

const ContractRule* Contract::rule(std::string_view rule_id) const {
  for (const ContractRule& candidate : rules) {
    if (candidate.id == rule_id) return &candidate;
  }
  return nullptr;
}

const ContractRoute* Contract::opener() const {
  for (const ContractRoute& route : routes) {
    if (route.opens_flow) return &route;
  }
  return nullptr;
}

const std::vector<Contract>& embedded_contracts() {
  static const std::vector<Contract> contracts = [] {
    std::vector<Contract> parsed;
    for (const EmbeddedSchema& embedded : detail::kEmbeddedContracts) {
      parsed.push_back(Contract::from_text(embedded.text, fmt::format("contracts/{}.contract.json", embedded.name)));
    }
    return parsed;
  }();
  return contracts;
}

std::vector<std::pair<const Contract*, const ContractRule*>> contract_rules(std::string_view rule_id) {
  std::vector<std::pair<const Contract*, const ContractRule*>> found;
  for (const Contract& contract : embedded_contracts()) {
    if (const ContractRule* rule = contract.rule(rule_id)) found.emplace_back(&contract, rule);
  }
  return found;
}

struct Router::Impl {
  std::vector<Contract> contracts;
  RouterOptions options;
  std::map<std::string, Schema, std::less<>> schemas;  // by embedded name
  std::map<std::string, const Schema*, std::less<>> overrides;

  const Schema* schema(const std::string& name) const {
    if (name.empty()) return nullptr;
    const auto found = schemas.find(name);
    return found == schemas.end() ? nullptr : &found->second;
  }
};

Router::Router(RouterOptions options) : Router(embedded_contracts(), std::move(options)) {}

Router::Router(std::vector<Contract> contracts, RouterOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->contracts = std::move(contracts);
  impl_->options = std::move(options);
  for (const Contract& contract : impl_->contracts) {
    for (const ContractRoute& route : contract.routes) {
      std::vector<std::string> names{route.request};
      for (const auto& [status, name] : route.responses) names.push_back(name);
      for (const std::string& name : names) {
        if (!name.empty() && impl_->schemas.find(name) == impl_->schemas.end()) {
          impl_->schemas.emplace(name, Schema::embedded(name, impl_->options.schema));
        }
      }
    }
  }
  for (const auto& [path, schema] : impl_->options.request_overrides) {
    if (!match_path(path)) {
      std::vector<std::string> known;
      for (const Contract& contract : impl_->contracts) {
        for (const ContractRoute& route : contract.routes) known.push_back(route.path);
      }
      throw Error(
          fmt::format("--route {}: no contract has a route with that path (routes: {})", path, fmt::join(known, ", ")));
    }
    impl_->overrides[path] = &schema;
  }
}

Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

std::optional<Router::Match> Router::match(std::string_view method, std::string_view path) const {
  for (const Contract& contract : impl_->contracts) {
    for (const ContractRoute& route : contract.routes) {
      if (same_method(route.method, method) && path_matches(route.path, path)) return Match{&contract, &route};
    }
  }
  return std::nullopt;
}

std::optional<Router::Match> Router::match_path(std::string_view path) const {
  for (const Contract& contract : impl_->contracts) {
    for (const ContractRoute& route : contract.routes) {
      if (path_matches(route.path, path)) return Match{&contract, &route};
    }
  }
  return std::nullopt;
}

const Schema* Router::schema_for(std::string_view method, std::string_view path, int status,
                                 Direction direction) const {
  const auto found = match(method, path);
  return found ? schema_for(*found, status, direction) : nullptr;
}

const Schema* Router::schema_for(const Match& match, int status, Direction direction) const {
  if (direction == Direction::request) {
    if (const auto replaced = impl_->overrides.find(match.route->path); replaced != impl_->overrides.end()) {
      return replaced->second;
    }
    return impl_->schema(match.route->request);
  }
  // The exact status first, then its class ("4XX"), then "default".
  const std::string exact = std::to_string(status);
  const std::string range = exact.size() == 3 ? fmt::format("{}XX", exact.front()) : std::string();
  for (const std::string& key : {exact, range, std::string("default")}) {
    for (const auto& [declared, name] : match.route->responses) {
      if (!key.empty() && (declared == key || (key == range && same_method(declared, range)))) {
        return impl_->schema(name);
      }
    }
  }
  return nullptr;
}

Severity Router::unknown_properties(const Contract& contract, Direction direction) const {
  if (direction == Direction::request) return contract.request_policy.unknown_properties;
  return impl_->options.strict_responses ? Severity::error : contract.response_policy.unknown_properties;
}

std::optional<Severity> Router::unknown_properties_of_schema(std::string_view name) const {
  for (const Contract& contract : impl_->contracts) {
    for (const ContractRoute& route : contract.routes) {
      for (const auto& [status, schema] : route.responses) {
        if (schema == name) return unknown_properties(contract, Direction::response);
      }
    }
  }
  return std::nullopt;
}

void apply_unknown_properties_policy(FindingList& findings, Severity unknown_properties) {
  if (unknown_properties != Severity::warning) return;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const FindingView view = findings[i];
    if (view.keyword != "additionalProperties" || view.severity != Severity::error) continue;
    Finding finding = view.to_finding();
    finding.severity = Severity::warning;
    finding.message += "; tolerated in responses, which Prove extends (--strict-responses makes it an error)";
    findings.replace(i, finding);
  }
}

bool Router::rule_enabled(std::string_view rule_id) const {
  const auto& off = impl_->options.disabled_rules;
  return std::find(off.begin(), off.end(), rule_id) == off.end();
}

const std::vector<Contract>& Router::contracts() const { return impl_->contracts; }
const RouterOptions& Router::options() const { return impl_->options; }

std::string Router::families() const { return contract_families(impl_->contracts); }

std::string contract_families(const std::vector<Contract>& contracts) {
  std::string names;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    if (i != 0) names += i + 1 == contracts.size() ? " and " : ", ";
    names += contracts[i].family;
  }
  return names;
}

std::string routed_per_call(const std::vector<Contract>& contracts) {
  return fmt::format("the {} contracts, routed per call", contract_families(contracts));
}

}  // namespace conform
