#!/usr/bin/env python3
"""Derives the Unify flow fixtures of fixtures/flows from the captures recorded
from Prove's SDK (fixtures/flows/valid/sdk-unify-*.har, see tests/recorders/record_sdk.mjs):
each invalid capture is a recorded one with one thing changed, so that the
rest of it is real traffic. Run from the repository root; review the diff.
"""
import copy
import json
import os

FLOWS = os.path.join(os.path.dirname(__file__), "..", "fixtures", "flows")
OTHER_ID = "5b0e7c1d-93aa-4c55-9f1e-2d6a8b3c4e5f"


def load(name):
    with open(os.path.join(FLOWS, "valid", name + ".har")) as f:
        return json.load(f)


def body(entry, side):
    text = entry["request"]["postData"]["text"] if side == "request" else entry["response"]["content"]["text"]
    return json.loads(text)


def set_body(entry, side, value):
    text = json.dumps(value, separators=(",", ":"))
    if side == "request":
        entry["request"]["postData"]["text"] = text
        entry["request"]["bodySize"] = len(text)
    else:
        entry["response"]["content"]["text"] = text
        entry["response"]["content"]["size"] = len(text)


def edit(entry, side, **changes):
    """Sets (or, with None, removes) fields of one body of an entry."""
    value = body(entry, side)
    for key, new in changes.items():
        if new is None:
            del value[key]
        else:
            value[key] = new
    set_body(entry, side, value)


def write(folder, name, har, description=None, findings=None):
    with open(os.path.join(FLOWS, folder, name + ".har"), "w") as f:
        f.write(json.dumps(har, indent=2) + "\n")
    if findings is not None:
        with open(os.path.join(FLOWS, folder, name + ".expect.json"), "w") as f:
            f.write(json.dumps({"description": description, "findings": findings}, indent=2) + "\n")


def flow_finding(rule, entry, message=None):
    found = {"keyword": "flow", "rule": rule, "instanceLocation": f"/log/entries/{entry}"}
    if message:
        found["message"] = message
    return found


# F1: the polled status calls carry an id no /v3/unify returned; the poll is one step, so one finding.
har = load("sdk-unify-mobile-polled")
for entry in har["log"]["entries"][2:]:
    edit(entry, "request", correlationId=OTHER_ID)
write("invalid", "unify-f1-status-unknown-correlation-id", har,
      "F1 (V3 Unify): the status request at entry 2 (and its poll at entry 3, the same step) uses a correlationId "
      "that no /v3/unify response returned.",
      [flow_finding("F1", 2, "V3 Unify flow")])

# F1: the bind comes before the /v3/unify that returns its id.
har = load("sdk-unify-byo-none")
entries = har["log"]["entries"]
har["log"]["entries"] = [entries[0], entries[3], entries[1], entries[2]]
write("invalid", "unify-f1-bind-before-unify", har,
      "F1 (V3 Unify): the bind request (entry 1) is sent before the /v3/unify call (entry 2) that returns its id.",
      [flow_finding("F1", 1)])

# F2: a second /v3/unify returns the same correlationId.
har = load("sdk-unify-mobile-optional-fields-omitted")
entries = har["log"]["entries"]
again = copy.deepcopy(entries[1])
edit(again, "request", clientRequestId="c2e1f3a4-0099")
har["log"]["entries"] = entries + [again]
write("invalid", "unify-f2-two-unify-same-correlation-id", har,
      "F2 (V3 Unify): the /v3/unify at entry 3 returns the correlationId entry 1 already returned.",
      [flow_finding("F2", 3)])

# F6: a desktop /v3/unify without finalTargetUrl; one finding, by the request schema, with the rule id.
har = load("sdk-unify-desktop-retried-503")
edit(har["log"]["entries"][1], "request", finalTargetUrl=None)
write("invalid", "unify-f6-desktop-without-final-target-url", har,
      "F6 (V3 Unify): the possessionType=desktop /v3/unify request at entry 1 has no finalTargetUrl; reported once, "
      "by the request schema, with the rule id.",
      [{"source": "#/log/entries/1/request/postData/text", "instanceLocation": "", "keyword": "required",
        "rule": "F6", "schemaLocation": "#/allOf/0/then/required"}])

# A Unify response with a field the spec does not list: a warning, with the nearest name as a hint.
har = load("sdk-unify-mobile-polled")
edit(har["log"]["entries"][3], "response", proveIds=["a07b94ce-218c-461f-beda-d92b54bd4a2b"])
write("invalid", "unify-response-unknown-field-is-a-warning", har,
      "A /v3/unify-status response carries proveIds, which the spec does not list: Prove extends its responses, so "
      "this is a warning (an error with --strict-responses), with the nearest known name as a hint.",
      [{"source": "#/log/entries/3/response/content/text", "instanceLocation": "/proveIds",
        "keyword": "additionalProperties", "severity": "warning", "hint": "did you mean \"proveId\"?"}])

# No F3/F4 in Unify: a none flow whose third step carries no phoneNumber passes.
har = load("sdk-unify-byo-none")
entries = har["log"]["entries"]
second = copy.deepcopy(entries[2])
edit(second, "request", clientRequestId="c2e1f3a4-0007")
har["log"]["entries"] = entries[:3] + [second] + entries[3:]
write("valid", "unify-none-third-step-without-phone-is-no-f4", har)

# Both families in one capture, interleaved: each call is routed to its own contract.
mfa = json.load(open(os.path.join(FLOWS, "valid", "flow-mobile.har")))
unify = load("sdk-unify-byo-none")
mixed = copy.deepcopy(unify)
me, ue = mfa["log"]["entries"], unify["log"]["entries"]
mixed["log"]["entries"] = [ue[0], me[0], ue[1], me[1], ue[2]] + me[2:] + ue[3:]
write("valid", "mixed-mfa-and-unify-interleaved", mixed)

# Ids do not cross families: a /v3/unify-status with the id a /v3/mfa returned is F1 of the Unify flow.
crossed = copy.deepcopy(mixed)
edit(crossed["log"]["entries"][4], "request", correlationId=body(me[0], "response")["correlationId"])
write("invalid", "mixed-families-ids-do-not-cross", crossed,
      "A /v3/unify-status (entry 4) uses the correlationId a /v3/mfa call (entry 1) returned: flow ids belong to "
      "their family, so this is F1 of a V3 Unify flow.",
      [flow_finding("F1", 4, "V3 Unify flow")])
