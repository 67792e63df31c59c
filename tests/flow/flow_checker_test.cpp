#include "flow/flow_checker.hpp"

#include <functional>
#include <stdexcept>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

using conform::Contract;
using conform::Finding;
using conform::Flow;
using conform::Status;
using conform::flow::Call;
using conform::flow::check_flows;

const std::string kIdA = "713189b8-5555-4b08-83ba-75d08780aebd";
const std::string kIdB = "6ae60c59-aa7b-50a5-83a7-ec6b667bb203";

const Contract& family(std::string_view name) {
  for (const Contract& contract : conform::embedded_contracts()) {
    if (contract.family == name) return contract;
  }
  throw std::runtime_error("no contract");
}
const Contract& mfa_contract() { return family("V3 MFA"); }
const Contract& unify_contract() { return family("V3 Unify"); }

std::string entry(int index) { return "/log/entries/" + std::to_string(index); }

// A request's digest as the capture checker makes it: equal for equal bodies.
std::uint64_t digest(const Call& call) {
  std::string text = call.path + "|" + call.flow_id.value_or("-") + "|" + call.possession_type.value_or("-");
  for (const auto& field : call.fields) text += "|" + field;
  return std::hash<std::string>{}(text);
}

// A /v3/mfa call whose request body was an object and whose 200 response
// returned `returned` (nullopt: a failed call that returned no id).
Call mfa(int index, std::string possession, std::optional<std::string> returned, bool phone = false,
         const Contract& contract = mfa_contract()) {
  Call call;
  call.entry = entry(index);
  call.entry_is_pointer = true;  // a HAR entry
  call.line = static_cast<std::uint32_t>(10 * index + 3);
  call.column = static_cast<std::uint32_t>(index + 5);
  call.contract = &contract;
  call.path = contract.opener()->path;
  call.opens_flow = true;
  call.status = returned ? 200 : 400;
  call.request_parsed = true;
  call.possession_type = std::move(possession);
  if (phone) call.fields.push_back("/phoneNumber");
  call.returned_flow_id = std::move(returned);
  call.request_digest = digest(call);
  return call;
}

// A status or bind call whose request body was an object.
Call follow(int index, std::string path, std::optional<std::string> id, bool phone = false,
            const Contract& contract = mfa_contract()) {
  Call call;
  call.entry = entry(index);
  call.entry_is_pointer = true;  // a HAR entry
  call.line = static_cast<std::uint32_t>(10 * index + 3);
  call.column = static_cast<std::uint32_t>(index + 5);
  call.contract = &contract;
  call.path = std::move(path);
  call.status = 200;
  call.request_parsed = true;
  call.flow_id = std::move(id);
  if (phone) call.fields.push_back("/phoneNumber");
  call.request_digest = digest(call);
  return call;
}

Call status(int index, std::optional<std::string> id, bool phone = false) {
  return follow(index, "/v3/mfa-status", std::move(id), phone);
}
Call bind(int index, std::optional<std::string> id, bool phone = false) {
  return follow(index, "/v3/mfa-bind", std::move(id), phone);
}

// The one finding of a verdict that must have exactly one, checked for the
// fields every flow finding shares: keyword, rule, location and position.
const Finding& only_finding(const conform::flow::FlowVerdict& verdict, const std::string& rule, const Call& at) {
  static const Finding kNone;
  EXPECT_EQ(verdict.findings.size(), 1U);
  if (verdict.findings.size() != 1) return kNone;
  const Finding& finding = verdict.findings.front();
  EXPECT_EQ(finding.keyword, "flow");
  EXPECT_EQ(finding.rule, rule);
  EXPECT_EQ(finding.instance_location, at.entry);
  EXPECT_EQ(finding.line, at.line);
  EXPECT_EQ(finding.column, at.column);
  EXPECT_EQ(finding.severity, conform::Severity::error);
  EXPECT_FALSE(finding.message.empty());
  return finding;
}

std::vector<std::string> entries_of(const Flow& flow) {
  std::vector<std::string> out;
  for (const auto& call : flow.calls) out.push_back(call.entry);
  return out;
}

std::vector<std::string> paths_of(const Flow& flow) {
  std::vector<std::string> out;
  for (const auto& call : flow.calls) out.push_back(call.path);
  return out;
}

// --- F1 ---------------------------------------------------------------------

TEST(FlowCheckerF1, StatusWithUnknownCorrelationIdBreaksF1) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), status(1, kIdB)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F1", calls[1]);
  EXPECT_EQ(finding.related, std::vector<std::string>{entry(1)});
  EXPECT_EQ(finding.value, "\"" + kIdB + "\"");
  EXPECT_NE(finding.message.find("/v3/mfa-status"), std::string::npos) << finding.message;
}

TEST(FlowCheckerF1, BindWithoutCorrelationIdBreaksF1AndJoinsNoFlow) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), bind(1, std::nullopt)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F1", calls[1]);
  EXPECT_EQ(finding.related, std::vector<std::string>{entry(1)});
  EXPECT_FALSE(finding.value.has_value());
  EXPECT_NE(finding.message.find("/v3/mfa-bind"), std::string::npos) << finding.message;
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(entries_of(verdict.flows[0]), std::vector<std::string>{entry(0)});
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
}

TEST(FlowCheckerF1, StatusAndBindWithTheReturnedIdPass) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), status(1, kIdA), bind(2, kIdA)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
  EXPECT_TRUE(verdict.flows[0].rules.empty());
  EXPECT_EQ(verdict.flows[0].correlation_id, kIdA);
  EXPECT_EQ(verdict.flows[0].possession_type, "mobile");
}

TEST(FlowCheckerF1, UnknownIdFlowIsFailingAndKeepsItsCallsTogether) {
  const std::vector<Call> calls = {status(0, kIdB), bind(1, kIdB)};
  const auto verdict = check_flows(calls);
  ASSERT_EQ(verdict.findings.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(verdict.findings[i].rule, "F1");
    EXPECT_EQ(verdict.findings[i].instance_location, entry(static_cast<int>(i)));
  }
  ASSERT_EQ(verdict.flows.size(), 1U);
  const Flow& flow = verdict.flows[0];
  EXPECT_EQ(flow.correlation_id, kIdB);
  EXPECT_EQ(flow.possession_type, "");
  EXPECT_EQ(flow.status, Status::fail);
  EXPECT_EQ(flow.rules, std::vector<std::string>{"F1"});  // once, though broken twice
  EXPECT_EQ(entries_of(flow), (std::vector<std::string>{entry(0), entry(1)}));
}

TEST(FlowCheckerF1, StatusBeforeTheMfaThatReturnsItsIdIsF1AndTheMfaIsNotF2) {
  const std::vector<Call> calls = {status(0, kIdA), mfa(1, "mobile", kIdA), status(2, kIdA)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F1", calls[0]);
  EXPECT_EQ(finding.related, std::vector<std::string>{entry(0)});
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[0].status, Status::fail);
  EXPECT_EQ(verdict.flows[0].rules, std::vector<std::string>{"F1"});
  EXPECT_EQ(entries_of(verdict.flows[0]), std::vector<std::string>{entry(0)});
  // The /v3/mfa starts the real flow, which the later status call joins.
  EXPECT_EQ(verdict.flows[1].status, Status::pass);
  EXPECT_EQ(verdict.flows[1].possession_type, "mobile");
  EXPECT_EQ(entries_of(verdict.flows[1]), (std::vector<std::string>{entry(1), entry(2)}));
}

// --- F2 ---------------------------------------------------------------------

TEST(FlowCheckerF2, ReusedCorrelationIdBreaksF2AtTheLaterMfa) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), status(1, kIdA), mfa(2, "mobile", kIdA)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F2", calls[2]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(2)}));
  EXPECT_EQ(finding.value, "\"" + kIdA + "\"");
  EXPECT_NE(finding.message.find(entry(0)), std::string::npos) << finding.message;
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
  EXPECT_EQ(entries_of(verdict.flows[0]), (std::vector<std::string>{entry(0), entry(1)}));
  EXPECT_EQ(verdict.flows[1].status, Status::fail);
  EXPECT_EQ(verdict.flows[1].rules, std::vector<std::string>{"F2"});
  EXPECT_EQ(entries_of(verdict.flows[1]), std::vector<std::string>{entry(2)});
}

TEST(FlowCheckerF2, TwoMfaCallsWithDistinctIdsPass) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), mfa(1, "mobile", kIdB)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[0].correlation_id, kIdA);
  EXPECT_EQ(verdict.flows[1].correlation_id, kIdB);
}

TEST(FlowCheckerF2, LaterCallsOfAReusedIdJoinTheLaterFlow) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), mfa(1, "none", kIdA), status(2, kIdA, true)};
  const auto verdict = check_flows(calls);
  // Only F2: the status call's phoneNumber is judged against the none flow (no F3).
  const Finding& finding = only_finding(verdict, "F2", calls[1]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(1)}));
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(entries_of(verdict.flows[1]), (std::vector<std::string>{entry(1), entry(2)}));
}

// --- F3 ---------------------------------------------------------------------

TEST(FlowCheckerF3, PhoneNumberInStatusOfAMobileFlowBreaksF3) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA, true), status(1, kIdA, true)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F3", calls[1]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(1)}));
  EXPECT_NE(finding.message.find("mobile"), std::string::npos) << finding.message;
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::fail);
  EXPECT_EQ(verdict.flows[0].rules, std::vector<std::string>{"F3"});
}

TEST(FlowCheckerF3, PhoneNumberInBindOfADesktopFlowBreaksF3) {
  const std::vector<Call> calls = {mfa(0, "desktop", kIdA, false), status(1, kIdA), bind(2, kIdA, true)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F3", calls[2]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(2)}));
}

TEST(FlowCheckerF3, PhoneNumberInStatusOfANoneFlowPasses) {
  const std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA, true)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
}

TEST(FlowCheckerF3, MobileFlowWithoutPhoneNumberInFollowUpsPasses) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA, true), status(1, kIdA), bind(2, kIdA)};
  EXPECT_TRUE(check_flows(calls).findings.empty());
}

// --- F4 ---------------------------------------------------------------------

TEST(FlowCheckerF4, ThirdCallOfANoneFlowWithoutPhoneNumberBreaksF4) {
  const std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA), bind(2, kIdA)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F4", calls[2]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(2)}));
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::fail);
  EXPECT_EQ(verdict.flows[0].rules, std::vector<std::string>{"F4"});
  EXPECT_EQ(verdict.flows[0].possession_type, "none");
}

TEST(FlowCheckerF4, ThirdCallOfANoneFlowWithPhoneNumberPasses) {
  const std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA), bind(2, kIdA, true)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
}

TEST(FlowCheckerF4, FourthCallOfANoneFlowWithoutPhoneNumberPasses) {
  const std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA), bind(2, kIdA, true), status(3, kIdA)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].calls.size(), 4U);
}

TEST(FlowCheckerF4, NoneFlowOfTwoCallsPasses) {
  const std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA)};
  EXPECT_TRUE(check_flows(calls).findings.empty());
}

TEST(FlowCheckerF4, ThirdCallOfAMobileFlowNeedsNoPhoneNumber) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), status(1, kIdA), bind(2, kIdA)};
  EXPECT_TRUE(check_flows(calls).findings.empty());
}

TEST(FlowCheckerF4, CallsOfOtherFlowsDoNotCountTowardsTheThird) {
  // Entry 2 is the capture's third call but the none flow's second.
  const std::vector<Call> calls = {mfa(0, "none", kIdA), mfa(1, "mobile", kIdB), status(2, kIdA), bind(3, kIdA)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F4", calls[3]);
  EXPECT_EQ(finding.related, (std::vector<std::string>{entry(0), entry(3)}));
}

// --- F5, F6: stated by the request schema, reported with the body ------------

TEST(FlowCheckerSchemaRules, ARuleTheRequestSchemaBrokeFailsTheFlowWithoutASecondFinding) {
  Call desktop = mfa(1, "desktop", kIdA);
  desktop.schema_rules = {"F6"};
  const std::vector<Call> calls = {mfa(0, "mobile", kIdB), desktop};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());  // the schema's finding is the one
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
  EXPECT_EQ(verdict.flows[1].status, Status::fail);
  EXPECT_EQ(verdict.flows[1].rules, std::vector<std::string>{"F6"});
}

TEST(FlowCheckerSchemaRules, AFailedOpeningCallStartsNoFlow) {
  Call refused = mfa(0, "none", std::nullopt, true);
  refused.schema_rules = {"F5"};
  const auto verdict = check_flows({refused});
  EXPECT_TRUE(verdict.findings.empty());
  EXPECT_TRUE(verdict.flows.empty());
}

// --- steps and attempts ------------------------------------------------------

TEST(FlowCheckerSteps, RetriedAndPolledRequestsAreOneStepForF4) {
  // status answered 503 (an attempt), resent and answered 200, polled twice more: one step.
  for (const int polls : {1, 2, 4}) {
    std::vector<Call> calls = {mfa(0, "none", kIdA)};
    Call refused = status(1, kIdA);
    refused.status = 503;
    calls.push_back(refused);
    for (int i = 0; i < polls; ++i) calls.push_back(status(2 + i, kIdA));
    calls.push_back(bind(2 + polls, kIdA, true));  // the third step, with phoneNumber
    const auto verdict = check_flows(calls);
    EXPECT_TRUE(verdict.findings.empty()) << polls << ": " << verdict.findings.front().message;
    ASSERT_EQ(verdict.flows.size(), 1U);
    const auto& listed = verdict.flows[0].calls;
    ASSERT_EQ(listed.size(), calls.size());  // attempts and repeats are listed, as no step
    EXPECT_FALSE(listed[1].step);
    EXPECT_TRUE(listed[2].step);
    for (int i = 1; i < polls; ++i) EXPECT_FALSE(listed[static_cast<std::size_t>(2 + i)].step);
    EXPECT_TRUE(listed.back().step);
  }
}

TEST(FlowCheckerSteps, F4CountsStepsAndSaysSo) {
  std::vector<Call> calls = {mfa(0, "none", kIdA), status(1, kIdA), status(2, kIdA), status(3, kIdA), bind(4, kIdA)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F4", calls[4]);
  EXPECT_NE(finding.message.find("step 3"), std::string::npos) << finding.message;
  EXPECT_NE(finding.message.find("V3 MFA flow"), std::string::npos) << finding.message;
}

TEST(FlowCheckerSteps, AnUnansweredFollowUpIsJudgedByNoRule) {
  Call unanswered = status(1, kIdB);  // an unknown id, but never answered: no F1
  unanswered.status = 0;
  EXPECT_TRUE(check_flows({mfa(0, "mobile", kIdA), unanswered}).findings.empty());
}

TEST(FlowCheckerSteps, ADisabledRuleIsNeitherReportedNorMarked) {
  conform::flow::FlowChecker checker([](std::string_view rule) { return rule != "F4"; });
  for (const Call& call : {mfa(0, "none", kIdA), status(1, kIdA), bind(2, kIdA)}) checker.add(call);
  const auto verdict = checker.finish();
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
}

// --- Unify ---------------------------------------------------------------------

TEST(FlowCheckerUnify, FlowIdsArePerFamilyAndFindingsNameIt) {
  const Contract& unify = unify_contract();
  // A /v3/unify-status carrying an id that only /v3/mfa returned: F1 of the Unify flow.
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), follow(1, "/v3/unify-status", kIdA, false, unify)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F1", calls[1]);
  EXPECT_NE(finding.message.find("V3 Unify flow"), std::string::npos) << finding.message;
  EXPECT_NE(finding.message.find("/v3/unify response"), std::string::npos) << finding.message;
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[1].family, "V3 Unify");
}

TEST(FlowCheckerUnify, NoF3OrF4InAUnifyFlow) {
  const Contract& unify = unify_contract();
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA, true, unify),
                                   follow(1, "/v3/unify-status", kIdA, true, unify),
                                   follow(2, "/v3/unify-bind", kIdA, true, unify),
                                   mfa(3, "none", kIdB, false, unify),
                                   follow(4, "/v3/unify-status", kIdB, false, unify),
                                   follow(5, "/v3/unify-bind", kIdB, false, unify)};
  EXPECT_TRUE(check_flows(calls).findings.empty());
}

TEST(FlowCheckerUnify, ReusedIdBreaksF2OfTheUnifyFlow) {
  const Contract& unify = unify_contract();
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA, false, unify), mfa(1, "mobile", kIdA, false, unify)};
  const auto verdict = check_flows(calls);
  const Finding& finding = only_finding(verdict, "F2", calls[1]);
  EXPECT_NE(finding.message.find("/v3/unify returned"), std::string::npos) << finding.message;
}

// --- grouping, order, unparsed bodies -------------------------------------

TEST(FlowChecker, InterleavedFlowsAreGroupedByCorrelationId) {
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), mfa(1, "none", kIdB), status(2, kIdB),
                                   status(3, kIdA),        bind(4, kIdA),        bind(5, kIdB, true)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 2U);
  const Flow& a = verdict.flows[0];
  const Flow& b = verdict.flows[1];
  EXPECT_EQ(a.correlation_id, kIdA);
  EXPECT_EQ(a.possession_type, "mobile");
  EXPECT_EQ(entries_of(a), (std::vector<std::string>{entry(0), entry(3), entry(4)}));
  EXPECT_EQ(paths_of(a), (std::vector<std::string>{"/v3/mfa", "/v3/mfa-status", "/v3/mfa-bind"}));
  EXPECT_EQ(b.correlation_id, kIdB);
  EXPECT_EQ(b.possession_type, "none");
  EXPECT_EQ(entries_of(b), (std::vector<std::string>{entry(1), entry(2), entry(5)}));
  EXPECT_EQ(paths_of(b), (std::vector<std::string>{"/v3/mfa", "/v3/mfa-status", "/v3/mfa-bind"}));
}

TEST(FlowChecker, FlowCallsCarryTheirHttpStatus) {
  std::vector<Call> calls = {mfa(0, "mobile", kIdA), status(1, kIdA)};
  calls[1].status = 500;
  const auto verdict = check_flows(calls);
  ASSERT_EQ(verdict.flows.size(), 1U);
  ASSERT_EQ(verdict.flows[0].calls.size(), 2U);
  EXPECT_EQ(verdict.flows[0].calls[0].status, 200);
  EXPECT_EQ(verdict.flows[0].calls[1].status, 500);
}

TEST(FlowChecker, FlowsKeepFirstSeenOrder) {
  // B's follow-ups come first, yet A was seen first.
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), mfa(1, "mobile", kIdB), status(2, kIdB), status(3, kIdA),
                                   status(4, "c0ffee00-0000-4000-8000-000000000000")};
  const auto verdict = check_flows(calls);
  ASSERT_EQ(verdict.flows.size(), 3U);
  EXPECT_EQ(verdict.flows[0].correlation_id, kIdA);
  EXPECT_EQ(verdict.flows[1].correlation_id, kIdB);
  EXPECT_EQ(verdict.flows[2].correlation_id, "c0ffee00-0000-4000-8000-000000000000");
  EXPECT_EQ(verdict.flows[2].status, Status::fail);
  EXPECT_EQ(verdict.flows[0].status, Status::pass);
  EXPECT_EQ(verdict.flows[1].status, Status::pass);
}

TEST(FlowChecker, FailedMfaStartsNoFlow) {
  const std::vector<Call> calls = {mfa(0, "mobile", std::nullopt), status(1, kIdA)};
  const auto verdict = check_flows(calls);
  // No flow from the 400, so the status call's id is unknown.
  const Finding& finding = only_finding(verdict, "F1", calls[1]);
  EXPECT_EQ(finding.related, std::vector<std::string>{entry(1)});
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(entries_of(verdict.flows[0]), std::vector<std::string>{entry(1)});
  EXPECT_EQ(verdict.flows[0].possession_type, "");
}

TEST(FlowChecker, UnparsedRequestsGetNoRuleApplied) {
  Call no_id = status(1, std::nullopt);
  no_id.request_parsed = false;
  Call unknown_id = bind(2, kIdB, true);
  unknown_id.request_parsed = false;
  const std::vector<Call> calls = {mfa(0, "mobile", kIdA), no_id, unknown_id};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(entries_of(verdict.flows[0]), std::vector<std::string>{entry(0)});

  // The same calls with parsed bodies break F1 twice: the rules were skipped, not passed.
  no_id.request_parsed = true;
  unknown_id.request_parsed = true;
  EXPECT_EQ(check_flows({mfa(0, "mobile", kIdA), no_id, unknown_id}).findings.size(), 2U);
}

TEST(FlowChecker, UnparsedMfaRequestLeavesThePossessionTypeUnknown) {
  Call unparsed = mfa(0, "", kIdA);
  unparsed.request_parsed = false;
  unparsed.possession_type.reset();
  const std::vector<Call> calls = {unparsed, status(1, kIdA, true), bind(2, kIdA)};
  const auto verdict = check_flows(calls);
  EXPECT_TRUE(verdict.findings.empty());  // neither F3 nor F4 can be judged
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].possession_type, "");
  EXPECT_EQ(entries_of(verdict.flows[0]), (std::vector<std::string>{entry(0), entry(1), entry(2)}));
}

TEST(FlowChecker, NdjsonEntriesAreNoInstanceLocation) {
  Call call = status(0, kIdA);
  call.entry = "capture.ndjson:7";
  call.entry_is_pointer = false;
  call.line = 7;
  call.column = 1;
  const auto verdict = check_flows({call});
  ASSERT_EQ(verdict.findings.size(), 1U);
  EXPECT_EQ(verdict.findings[0].rule, "F1");
  EXPECT_EQ(verdict.findings[0].instance_location, "");
  EXPECT_EQ(verdict.findings[0].related, std::vector<std::string>{"capture.ndjson:7"});
  EXPECT_EQ(verdict.findings[0].line, 7U);
  ASSERT_EQ(verdict.flows.size(), 1U);
  EXPECT_EQ(verdict.flows[0].calls[0].entry, "capture.ndjson:7");
}

// An NDJSON source of an absolute path starts with "/" too; it is still no pointer.
TEST(FlowChecker, NdjsonEntriesOfAnAbsolutePathAreNoInstanceLocation) {
  Call call = status(0, kIdA);
  call.entry = "/tmp/captures/x.ndjson:7";
  call.entry_is_pointer = false;
  const auto verdict = check_flows({call});
  ASSERT_EQ(verdict.findings.size(), 1U);
  EXPECT_EQ(verdict.findings[0].instance_location, "");
}

// Finding::value is compact JSON text, so an id is escaped like any string.
TEST(FlowChecker, ValueIsJsonTextEvenForIdsThatNeedEscapes) {
  const auto verdict = check_flows({status(0, std::string("a\"b\\c"))});
  ASSERT_EQ(verdict.findings.size(), 1U);
  EXPECT_EQ(verdict.findings[0].value, std::string(R"("a\"b\\c")"));
}

TEST(FlowChecker, AFlowListsEachRuleItBreaksOnceInOrder) {
  Call none = mfa(0, "none", kIdA, true);
  none.schema_rules = {"F5"};  // reported with the body; the flow lists it first
  const std::vector<Call> calls = {none, status(1, kIdA), bind(2, kIdA), status(3, kIdB)};
  const auto verdict = check_flows(calls);
  ASSERT_EQ(verdict.findings.size(), 2U);
  EXPECT_EQ(verdict.findings[0].rule, "F4");
  EXPECT_EQ(verdict.findings[1].rule, "F1");
  ASSERT_EQ(verdict.flows.size(), 2U);
  EXPECT_EQ(verdict.flows[0].status, Status::fail);
  EXPECT_EQ(verdict.flows[0].rules, (std::vector<std::string>{"F5", "F4"}));
  EXPECT_EQ(verdict.flows[1].rules, std::vector<std::string>{"F1"});
}

TEST(FlowChecker, NoCallsNoFlows) {
  const auto verdict = check_flows({});
  EXPECT_TRUE(verdict.flows.empty());
  EXPECT_TRUE(verdict.findings.empty());
}

}  // namespace

namespace {

// The spec allows phoneNumber only when possessionType=none: a parsed /v3/mfa
// request without a possessionType does not allow it either.
TEST(FlowCheckerF3, PhoneNumberAfterAnMfaWithoutPossessionTypeBreaksF3) {
  Call request = mfa(0, "", kIdA);
  request.possession_type.reset();
  const auto verdict = check_flows({request, status(1, kIdA, true)});
  ASSERT_EQ(verdict.findings.size(), 1U);
  EXPECT_EQ(verdict.findings[0].rule, "F3");
  EXPECT_NE(verdict.findings[0].message.find("no possessionType"), std::string::npos) << verdict.findings[0].message;
}

}  // namespace
