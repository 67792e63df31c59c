#!/usr/bin/env python3
"""Writes the fixture corpora of the V3 Unify bodies (and Error401) under fixtures/.

The generated files are committed and reviewed like hand-written ones; run
this again after changing a Unify schema and read the diff. Each body gets:
every field with every wrong JSON type, every stated rule (required, the
characters and maximum lengths, enums, "required if success=true"),
misspelled and mis-cased keys (with the nearest-name hint), root values that
are not objects, a few syntax/encoding/duplicate-key bodies, and valid bodies
at the edges (each optional field omitted, lengths at the maximum).

Usage: scripts/make_unify_fixtures.py [REPO_ROOT]
"""
import json
import os
import shutil
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
COMMON = "urn:conform:prove:v3:common#/definitions/"
UNIFY = "urn:conform:prove:v3:unify-common#/definitions/"
STATUS = UNIFY + "statusResponse/"

UUID = "713189b8-5555-4b08-83ba-75d08780aebd"
PHONE_BAD = [("dashes", "200-100-4011"), ("spaces", "200 100 4011"), ("parentheses", "(200)1004011"),
             ("empty-string", ""), ("fullwidth-plus", "\uff0b12001004011"), ("trailing-newline", "2001004011\n")]
PHONE_GOOD = [("plus-country-code", "+12001004011"), ("alphanumeric", "2001004011abc")]
UUID_BAD = [("no-dashes", "713189b855554b0883ba75d08780aebd"), ("braces", "{" + UUID + "}"),
            ("too-short", UUID[:-1]), ("non-hex-letter", "g" + UUID[1:]), ("empty-string", "")]
UUID_GOOD = [("uppercase", UUID.upper()), ("nil-uuid", "00000000-0000-0000-0000-000000000000")]

# Wrong values for a field of each kind: (name, JSON value, found type).
WRONG_FOR_STRING = [("null", None), ("true", True), ("false", False), ("integer", 2001004011), ("negative", -1),
                    ("float", 1.5), ("exponent", 1e3), ("array", ["x"]), ("empty-array", []),
                    ("object", {"value": "x"}), ("empty-object", {})]
WRONG_FOR_BOOLEAN = [("null", None), ("string-true", "true"), ("string-false", "false"), ("integer-one", 1),
                     ("integer-zero", 0), ("array", [True]), ("object", {"value": True})]
WRONG_FOR_OBJECT = [("null", None), ("true", True), ("integer", 1), ("string", "pass"), ("array", [{}])]


def kebab(name):
    out = ""
    for c in name:
        out += ("-" + c.lower()) if c.isupper() else c
    return out.replace("o-t-p", "otp")


def snake(name):
    out = ""
    for c in name:
        out += ("_" + c.lower()) if c.isupper() else c
    return out


class Field:
    def __init__(self, name, kind, location, required=False, bad=(), good=(), max_length=None, enum=None,
                 example=None, typed=False):
        self.typed = typed  # an enum that also says "type": string (a wrong type breaks both)
        self.name, self.kind, self.location, self.required = name, kind, location, required
        self.bad, self.good, self.max_length, self.enum, self.example = bad, good, max_length, enum, example


class Body:
    def __init__(self, schema, title, fields, base, root_location, extra=None):
        self.schema, self.title, self.fields, self.base = schema, title, fields, base
        self.root = root_location  # schemaLocation of the body's own required/additionalProperties
        self.extra = extra or []   # extra (name, body, findings, description) invalid fixtures
        self.extra_valid = []


def location(field, keyword):
    return field.location + "/" + keyword


def finding(pointer, keyword, schema_location=None, hint=None, message=None):
    entry = {"instanceLocation": pointer, "keyword": keyword}
    if schema_location:
        entry["schemaLocation"] = schema_location
    if hint:
        entry["hint"] = hint
    if message:
        entry["message"] = message
    return entry


def misspellings(name):
    variants = [("lowercase", name.lower()), ("capitalised", name[0].upper() + name[1:])]
    if snake(name) != name.lower():
        variants.append(("snake-case", snake(name)))
    if len(name) > 6:
        variants.append(("missing-letter", name[:3] + name[4:]))
    variants.append(("trailing-space", name + " "))
    seen, out = set(), []
    for label, variant in variants:
        if variant != name and variant not in seen:
            seen.add(variant)
            out.append((label, variant))
    return out


def write_corpus(body):
    folder = os.path.join(ROOT, "fixtures", body.schema)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "valid"))
    os.makedirs(os.path.join(folder, "invalid"))
    counts = {"valid": 0, "invalid": 0}

    def valid(name, value, raw=None):
        path = os.path.join(folder, "valid", name + ".json")
        with open(path, "wb") as out:
            out.write(raw if raw is not None else (json.dumps(value, ensure_ascii=False) + "\n").encode())
        counts["valid"] += 1

    def invalid(name, value, findings, description, raw=None):
        path = os.path.join(folder, "invalid", name + ".json")
        with open(path, "wb") as out:
            out.write(raw if raw is not None else (json.dumps(value, ensure_ascii=False) + "\n").encode())
        with open(os.path.join(folder, "invalid", name + ".expect.json"), "w") as out:
            out.write(json.dumps({"description": description, "findings": findings}, indent=2,
                                 ensure_ascii=False) + "\n")
        counts["invalid"] += 1

    base = dict(body.base)
    valid("minimal", base)
    full = dict(base)
    for field in body.fields:
        if field.example is not None:
            full[field.name] = field.example
    valid("all-fields", full)
    valid("pretty-printed-crlf", None, raw=json.dumps(full, indent=2).replace("\n", "\r\n").encode() + b"\r\n")
    valid("keys-reordered", dict(reversed(list(full.items()))))
    for name, value in body.extra_valid:
        valid(name, value)

    for field in body.fields:
        key = kebab(field.name)
        with_field = dict(base)
        if field.example is not None:
            with_field[field.name] = field.example
        if not field.required and field.example is not None:
            valid(key + "-only-optional", with_field)
        # Every wrong type.
        wrongs = {"string": WRONG_FOR_STRING, "boolean": WRONG_FOR_BOOLEAN, "object": WRONG_FOR_OBJECT}
        kind = "string" if field.kind in ("string", "enum") else field.kind
        for label, value in wrongs[kind]:
            data = dict(with_field)
            data[field.name] = value
            keyword = "enum" if field.kind == "enum" else "type"
            expected = [finding("/" + field.name, keyword, location(field, keyword))]
            if field.typed:
                expected.insert(0, finding("/" + field.name, "type", location(field, "type")))
            invalid(f"{key}-{label}", data, expected,
                    f"{field.name} must be a {field.kind if field.kind != 'enum' else 'string, one of the listed values'}; here it is {label.replace('-', ' ')}.")
        # Stated characters.
        for label, value in field.bad:
            data = dict(with_field)
            data[field.name] = value
            invalid(f"{key}-{label}", data, [finding("/" + field.name, "pattern", location(field, "pattern"))],
                    f"{field.name} has a character outside those stated ({label.replace('-', ' ')}).")
        for label, value in field.good:
            data = dict(with_field)
            data[field.name] = value
            valid(f"{key}-{label}", data)
        # Maximum length, at and past the limit (in characters, not bytes).
        if field.max_length:
            data = dict(with_field)
            filler = "a" if field.name != "smsMessage" else "é"
            data[field.name] = (filler * field.max_length) if field.name == "smsMessage" else \
                ("https://x.example/" + "a" * (field.max_length - 18))
            valid(f"{key}-at-max-length-{field.max_length}", data)
            over = dict(data)
            over[field.name] = data[field.name] + "a"
            invalid(f"{key}-over-max-length", over, [finding("/" + field.name, "maxLength", location(field, "maxLength"))],
                    f"{field.name} is {field.max_length + 1} characters long; at most {field.max_length} are allowed.")
        # Enum values: each allowed one is valid, a wrong case is not.
        if field.enum:
            for allowed in field.enum:
                data = dict(with_field)
                data[field.name] = allowed
                if body.schema == "v3-unify-request" and allowed == "desktop":
                    data["finalTargetUrl"] = "https://www.example.com/landing-page"
                if allowed == "true" and body.schema.endswith("status-response") or \
                        allowed == "true" and body.schema.endswith("bind-response"):
                    data.update({"proveId": "p-1", "deviceId": "d-1", "clientHumanId": "h-1"})
                valid(f"{key}-{allowed.replace('_', '-')}", data)
            for label, value in [("uppercase", field.enum[0].upper()), ("empty-string", ""),
                                 ("leading-space", " " + field.enum[0])]:
                data = dict(with_field)
                data[field.name] = value
                invalid(f"{key}-{label}", data, [finding("/" + field.name, "enum", location(field, "enum"))],
                        f"{field.name} must be one of {', '.join(field.enum)}; {label.replace('-', ' ')} is not.")
        # Required fields, missing.
        if field.required:
            data = dict(base)
            data.pop(field.name, None)
            invalid(f"{key}-missing", data,
                    [finding("", "required", body.root + "required", message=f'"{field.name}"')],
                    f"{field.name} is required and missing.")
        # Misspelled and mis-cased keys: an unknown property, with the real name as a hint.
        for label, variant in misspellings(field.name):
            data = dict(base)
            data[variant] = field.example if field.example is not None else "x"
            expected = [finding("/" + variant.replace("~", "~0").replace("/", "~1"), "additionalProperties",
                                body.root + "additionalProperties", hint=f'did you mean "{field.name}"?')]
            if field.required:
                data.pop(field.name, None)
                expected.append(finding("", "required", body.root + "required", message=f'"{field.name}"'))
            invalid(f"key-{key}-{label}", data, expected,
                    f'"{variant}" is not a property of {body.title} (a {label.replace("-", " ")} {field.name}).')

    # Unknown keys that resemble nothing: no hint.
    for label, key in [("unrelated", "sessionToken"), ("empty-string", "")]:
        data = dict(base)
        data[key] = "x"
        invalid(f"key-{label}", data,
                [finding("/" + key, "additionalProperties", body.root + "additionalProperties")],
                f'"{key}" is not a property of {body.title}.')
    # Roots that are not objects.
    for label, value in [("array", [base]), ("string", "x"), ("integer", 1), ("null", None), ("true", True)]:
        invalid(f"root-{label}", value, [finding("", "type")],
                f"The body must be a JSON object, but it is {label.replace('-', ' ')}.")
    # Well-formedness: the body's bytes.
    text = json.dumps(base)
    for label, raw, keyword in [
        ("syntax-trailing-comma", text[:-1] + ",}", "syntax"),
        ("syntax-single-quotes", text.replace('"', "'").encode().decode(), "syntax"),
        ("syntax-unclosed-object", text[:-1], "syntax"),
        ("syntax-empty-body", "", "syntax"),
        ("duplicate-key", text[:-1] + ", " + json.dumps(list(base.items())[0][0]) + ": " +
         json.dumps(list(base.items())[0][1]) + "}", "duplicateKey"),
    ]:
        data = raw.encode()
        pointer = "/" + list(base.items())[0][0] if keyword == "duplicateKey" else ""
        invalid(label, None, [finding(pointer, keyword)], f"The body is not well-formed ({label}).", raw=data + b"\n")
    invalid("encoding-byte-order-mark", None, [finding("", "encoding")], "A UTF-8 byte order mark before the body.",
            raw=b"\xef\xbb\xbf" + text.encode() + b"\n")
    for name, data, findings, description in body.extra:
        invalid(name, data, findings, description)
    return counts


def unify_bodies():
    clientRequestId = Field("clientRequestId", "string", COMMON + "clientRequestId",
                            example="71010d88-d0e7-4a24-9297-d1be6fefde81")
    request_root = "#/"
    req_fields = [
        Field("possessionType", "enum", "#/properties/possessionType", required=True,
              enum=["desktop", "mobile", "none"], example="mobile"),
        Field("clientRequestId", "string", COMMON + "clientRequestId", required=True,
              example="71010d88-d0e7-4a24-9297-d1be6fefde81"),
        Field("phoneNumber", "string", "#/properties/phoneNumber", bad=PHONE_BAD, good=PHONE_GOOD,
              example="2001004011"),
        Field("finalTargetUrl", "string", "#/properties/finalTargetUrl", max_length=128,
              bad=[("space", "https://www.example.com/a b"), ("hash", "https://www.example.com/#top"),
                   ("ampersand", "https://www.example.com/?a=1&b=2"), ("empty-string", "")],
              good=[("query", "https://www.example.com/landing-page?flow=a_1")],
              example="https://www.example.com/landing-page"),
        Field("smsMessage", "string", "#/properties/smsMessage", max_length=160,
              good=[("non-ascii", "Votre code: ####, merci ☎")], example="Your code is ####."),
        Field("emailAddress", "string", "#/properties/emailAddress",
              bad=[("dash", "mary-ann@example.com"), ("underscore", "mary_ann@example.com"),
                   ("space", "mary ann@example.com")],
              good=[("plus-tag", "mpinson+prove@dyndns.org")], example="mpinsonm@dyndns.org"),
        Field("ipAddress", "string", "#/properties/ipAddress",
              bad=[("slash-cidr", "10.0.0.0/8"), ("space", "10.0.0.1 "), ("comma-list", "10.0.0.1,10.0.0.2")],
              good=[("ipv6", "2001:db8::1")], example="10.0.0.1"),
        Field("clientCustomerId", "string", "#/properties/clientCustomerId",
              example="e0f78bc2-f748-4eda-9d29-d756844507fc"),
        Field("clientHumanId", "string", UNIFY + "clientHumanId", example="human-7f3a"),
        Field("deviceId", "string", UNIFY + "deviceId", example="bf9ea15d-7dfa-4bb4-a64c-6c26b53472fc"),
        Field("proveId", "string", UNIFY + "proveId", example="a07b94ce-218c-461f-beda-d92b54bd4a2b"),
        Field("allowOTPRetry", "boolean", "#/properties/allowOTPRetry", example=True),
        Field("checkReputation", "boolean", "#/properties/checkReputation", example=False),
        Field("mobileAuthEnabled", "boolean", "#/properties/mobileAuthEnabled", example=False),
        Field("rebind", "boolean", "#/properties/rebind", example=True),
    ]
    req_base = {"possessionType": "mobile", "clientRequestId": "71010d88-d0e7-4a24-9297-d1be6fefde81"}
    f6 = [finding("", "required", "#/allOf/0/then/required", message='"finalTargetUrl"')]
    request = Body("v3-unify-request", "V3UnifyRequest", req_fields, req_base, request_root, extra=[
        ("f6-desktop-without-final-target-url", {"possessionType": "desktop", "clientRequestId": "r-1",
                                                 "phoneNumber": "2001004011"}, f6,
         "F6: possessionType=desktop needs finalTargetUrl."),
        ("f6-desktop-and-bad-phone", {"possessionType": "desktop", "clientRequestId": "r-1",
                                      "phoneNumber": "200-100-4011"},
         f6 + [finding("/phoneNumber", "pattern", "#/properties/phoneNumber/pattern")],
         "F6 and a phone number with dashes: two findings."),
        ("several-everything-wrong", {"possessionType": "Mobile", "rebind": "yes", "smsMessage": 160,
                                      "phone": "2001004011"},
         [finding("", "required", "#/required", message='"clientRequestId"'),
          finding("/possessionType", "enum", "#/properties/possessionType/enum"),
          finding("/rebind", "type", "#/properties/rebind/type"),
          finding("/smsMessage", "type", "#/properties/smsMessage/type"),
          finding("/phone", "additionalProperties", "#/additionalProperties")],
         "Five problems at once: each is its own finding."),
    ])
    request.extra_valid = [
        ("desktop-with-final-target-url", {"possessionType": "desktop", "clientRequestId": "r-1",
                                           "finalTargetUrl": "https://www.example.com/landing-page"}),
        ("none-with-phone-number", {"possessionType": "none", "clientRequestId": "r-1", "phoneNumber": "2001004011"}),
        ("mobile-without-phone-number-mobile-auth", {"possessionType": "mobile", "clientRequestId": "r-1"}),
        ("none-with-prove-id", {"possessionType": "none", "clientRequestId": "r-1",
                                "proveId": "a07b94ce-218c-461f-beda-d92b54bd4a2b"}),
    ]

    corr = Field("correlationId", "string", COMMON + "correlationId", required=True, bad=UUID_BAD, good=UUID_GOOD,
                 example=UUID)
    response = Body("v3-unify-response", "V3UnifyResponse", [
        corr,
        Field("success", "string", "#/properties/success", required=True, example="pending",
              good=[("true", "true"), ("false", "false")]),
        Field("authToken", "string", "#/properties/authToken", example="eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"),
    ], {"correlationId": UUID, "success": "pending"}, "#/")

    status_request = Body("v3-unify-status-request", "V3UnifyStatusRequest", [
        corr, Field("clientRequestId", "string", COMMON + "clientRequestId", example="71010d88-d0e7-4a24-9297-d1be6fefde81"),
    ], {"correlationId": UUID}, "#/", extra=[
        ("phone-number-not-a-field-here", {"correlationId": UUID, "phoneNumber": "2001004011"},
         [finding("/phoneNumber", "additionalProperties", "#/additionalProperties")],
         "V3UnifyStatusRequest has no phoneNumber, unlike V3MFAStatusRequest."),
    ])

    bind_request = Body("v3-unify-bind-request", "V3UnifyBindRequest", [
        corr,
        Field("phoneNumber", "string", "#/properties/phoneNumber", required=True, bad=PHONE_BAD, good=PHONE_GOOD,
              example="2001004011"),
        Field("clientRequestId", "string", COMMON + "clientRequestId", example="71010d88-d0e7-4a24-9297-d1be6fefde81"),
    ], {"correlationId": UUID, "phoneNumber": "2001004011"}, "#/")

    def status_like(schema, title):
        fields = [
            Field("success", "enum", UNIFY + "outcome", required=True,
                  enum=["true", "false", "pending", "possession_required"], example="pending", typed=True),
            Field("phoneNumber", "string", COMMON + "phoneNumber", bad=PHONE_BAD[:3], example="2001004011"),
            Field("proveId", "string", UNIFY + "proveId", example="a07b94ce-218c-461f-beda-d92b54bd4a2b"),
            Field("deviceId", "string", UNIFY + "deviceId", example="bf9ea15d-7dfa-4bb4-a64c-6c26b53472fc"),
            Field("clientHumanId", "string", UNIFY + "clientHumanId", example="human-7f3a"),
            Field("clientRequestId", "string", COMMON + "clientRequestId", example="71010d88-d0e7-4a24-9297-d1be6fefde81"),
            Field("evaluation", "object", STATUS + "properties/evaluation",
                  example={"authentication": {"result": "pass"}, "risk": {"result": "pass"}}),
        ]
        done = {"success": "true", "proveId": "p-1", "deviceId": "d-1", "clientHumanId": "h-1"}
        then = STATUS + "then/required"
        extra = []
        for missing in ["proveId", "deviceId", "clientHumanId"]:
            data = dict(done)
            data.pop(missing)
            extra.append((f"success-true-without-{kebab(missing)}", data,
                          [finding("", "required", then, message=f'"{missing}"')],
                          f"success=true requires {missing}."))
        extra.append(("success-true-with-none-of-the-three", {"success": "true"},
                      [finding("", "required", then, message=f'"{n}"') for n in ["clientHumanId", "deviceId", "proveId"]],
                      "success=true requires proveId, deviceId and clientHumanId: three findings."))
        for label, value in [("string", "pass"), ("integer", 1), ("array", [])]:
            extra.append((f"evaluation-member-{label}", {"success": "pending", "evaluation": {"authentication": value}},
                          [finding("/evaluation/authentication", "type",
                                   STATUS + "properties/evaluation/additionalProperties/type")],
                          f"Each member of evaluation is an object; here one is {label}."))
        body = Body(schema, title, fields, {"success": "pending"}, STATUS, extra=extra)
        body.extra_valid = [
            ("success-true-with-the-three", dict(done)),
            ("success-false-without-the-three", {"success": "false"}),
            ("success-possession-required", {"success": "possession_required", "phoneNumber": "2001004011"}),
            ("evaluation-empty", {"success": "pending", "evaluation": {}}),
            ("evaluation-unknown-keys-inside", {"success": "true", "proveId": "p", "deviceId": "d", "clientHumanId": "h",
                                                "evaluation": {"newPolicy": {"anything": [1, 2]}}}),
        ]
        return body

    error401 = Body("error-401", "Error401", [
        Field("message", "string", COMMON + "errorBody/properties/message", required=True, example="unauthorized"),
    ], {"message": "unauthorized"}, COMMON + "errorBody/", extra=[
        ("code-fraction", {"message": "unauthorized", "code": 8002.5},
         [finding("/code", "type", COMMON + "errorBody/properties/code/type", message="expected integer")],
         "code is an integer in both SDKs; 8002.5 breaks the typed error in the client."),
        ("code-string", {"message": "unauthorized", "code": "8002"},
         [finding("/code", "type", COMMON + "errorBody/properties/code/type")], "code is an integer, not a string."),
        ("code-null", {"message": "unauthorized", "code": None},
         [finding("/code", "type", COMMON + "errorBody/properties/code/type")], "code is an integer, not null."),
    ])
    error401.extra_valid = [("code-integer", {"message": "unauthorized", "code": 8002}),
                            ("code-exponent-integral", {"message": "unauthorized", "code": 8.002e3})]
    return [request, response, status_request, bind_request,
            status_like("v3-unify-status-response", "V3UnifyStatusResponse"),
            status_like("v3-unify-bind-response", "V3UnifyBindResponse"), error401]


if __name__ == "__main__":
    for body in unify_bodies():
        counts = write_corpus(body)
        print(f"{body.schema}: {counts['valid']} valid, {counts['invalid']} invalid")
