#include "conform/contract.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "conform/error.hpp"

namespace {

using conform::Contract;
using conform::Direction;
using conform::Router;
using conform::RouterOptions;

// A third kind of contract, as data: a template segment, a status range and a default.
const char* kShop = R"({
  "id": "urn:test:shop", "family": "Shop",
  "routes": [
    {"method": "POST", "path": "/carts/{cart}/items", "request": "v3-mfa-status-request",
     "responses": {"201": "v3-mfa-status-response", "4XX": "error-400", "default": "error-500"}},
    {"method": "PUT", "path": "/carts", "opensFlow": true, "request": "v3-mfa-request"}
  ],
  "facts": {"flowId": "/cartId"},
  "rules": [{"id": "S1", "kind": "flowIdFromOpener", "text": "An item goes into a cart that was opened."}],
  "policy": {"response": {"unknownProperties": "warning"}}
})";

Router shop(RouterOptions options = {}) {
  return Router({Contract::from_text(kShop, "shop.contract.json")}, std::move(options));
}

TEST(Contract, EmbeddedContractsAreTheTwoFamilies) {
  const auto& contracts = conform::embedded_contracts();
  ASSERT_EQ(contracts.size(), 2U);
  EXPECT_EQ(contracts[0].family, "V3 MFA");
  EXPECT_EQ(contracts[1].family, "V3 Unify");
  for (const Contract& contract : contracts) {
    EXPECT_EQ(contract.routes.size(), 3U);
    ASSERT_NE(contract.opener(), nullptr);
    EXPECT_EQ(contract.flow_id, "/correlationId");
    EXPECT_EQ(contract.request_policy.unknown_properties, conform::Severity::error);
    EXPECT_EQ(contract.response_policy.unknown_properties, conform::Severity::warning);
  }
  // F3-F5 are V3 MFA rules only; F1, F2 and F6 are stated by both.
  EXPECT_EQ(conform::contract_rules("F1").size(), 2U);
  EXPECT_EQ(conform::contract_rules("F4").size(), 1U);
  EXPECT_EQ(conform::contract_rules("F6").size(), 2U);
  EXPECT_TRUE(conform::contract_rules("F9").empty());
}

TEST(Router, RoutesByMethodAndPathSuffixWithTemplates) {
  const Router router = shop();
  EXPECT_NE(router.schema_for("post", "/api/carts/42/items", 201, Direction::request), nullptr);
  EXPECT_EQ(router.schema_for("GET", "/api/carts/42/items", 201, Direction::request), nullptr);
  EXPECT_EQ(router.schema_for("POST", "/carts/items", 201, Direction::request), nullptr);  // a segment is missing
  EXPECT_EQ(router.schema_for("POST", "/carts/42/items/x", 201, Direction::request), nullptr);
  ASSERT_TRUE(router.match_path("/carts/7/items"));
  EXPECT_EQ(router.match_path("/carts/7/items")->contract->family, "Shop");
}

TEST(Router, ResponsesByExactStatusThenRangeThenDefault) {
  const Router router = shop();
  const auto id = [&](int status) {
    const conform::Schema* schema = router.schema_for("POST", "/carts/1/items", status, Direction::response);
    return schema == nullptr ? std::string("none") : schema->id();
  };
  EXPECT_EQ(id(201), "urn:conform:prove:v3:mfa-status-response");
  EXPECT_EQ(id(404), "urn:conform:prove:v3:error-400");
  EXPECT_EQ(id(429), "urn:conform:prove:v3:error-400");
  EXPECT_EQ(id(503), "urn:conform:prove:v3:error-500");
  EXPECT_EQ(id(200), "urn:conform:prove:v3:error-500");
  // A route without responses publishes none.
  EXPECT_EQ(router.schema_for("PUT", "/carts", 200, Direction::response), nullptr);
}

TEST(Router, TheEmbeddedRoutesPublishWhatTheSpecsSay) {
  const Router router;
  EXPECT_EQ(router.schema_for("POST", "/v3/unify", 401, Direction::response)->id(), "urn:conform:prove:v3:error-401");
  EXPECT_EQ(router.schema_for("POST", "/v3/mfa", 401, Direction::response), nullptr);  // unspecified for V3 MFA
  EXPECT_EQ(router.schema_for("POST", "/v3/unify-bind", 200, Direction::request)->id(),
            "urn:conform:prove:v3:unify-bind-request");
  EXPECT_EQ(router.schema_for("POST", "/v3/unify-status", 502, Direction::response), nullptr);
  EXPECT_EQ(router.families(), "V3 MFA and V3 Unify");
}

TEST(Router, PolicyPerDirectionAndStrictResponses) {
  const Router lenient = shop();
  const Contract& contract = lenient.contracts().front();
  EXPECT_EQ(lenient.unknown_properties(contract, Direction::request), conform::Severity::error);
  EXPECT_EQ(lenient.unknown_properties(contract, Direction::response), conform::Severity::warning);
  RouterOptions strict;
  strict.strict_responses = true;
  EXPECT_EQ(shop(strict).unknown_properties(contract, Direction::response), conform::Severity::error);
}

TEST(Router, DisabledRulesAndOverrides) {
  RouterOptions options;
  options.disabled_rules = {"S1"};
  options.request_overrides.emplace_back("/carts/{cart}/items", conform::Schema::from_text("{}", "any"));
  const Router router = shop(options);
  EXPECT_FALSE(router.rule_enabled("S1"));
  EXPECT_TRUE(router.rule_enabled("F1"));
  EXPECT_EQ(router.schema_for("POST", "/carts/9/items", 201, Direction::request)->id(), "any");
}

TEST(Contract, BrokenContractsAreErrorsNamingTheFile) {
  for (const char* text : {"[]", R"({"id": "x", "family": "y"})", R"({"id": "x", "family": "y", "routes": []})",
                           R"({"id": "x", "family": "y", "routes": [{"path": "/a"}]})",
                           R"({"id": "x", "family": "y", "routes": [{"method": "POST", "path": "/a",
                              "responses": {"200": 5}}]})",
                           R"({"id": "x", "family": "y", "routes": [{"method": "POST", "path": "/a"}],
                              "policy": {"response": {"unknownProperties": "ignore"}}})",
                           "{"}) {
    try {
      Contract::from_text(text, "broken.contract.json");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const conform::Error& error) {
      EXPECT_EQ(error.file(), "broken.contract.json") << text;
    }
  }
}

TEST(Router, ANamedSchemaThatIsNotEmbeddedIsAnError) {
  const char* text = R"({"id": "x", "family": "y", "routes": [{"method": "POST", "path": "/a", "request": "nope"}]})";
  EXPECT_THROW(Router({Contract::from_text(text, "x")}, {}), conform::Error);
}

}  // namespace
