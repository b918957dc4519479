"""The password-policy scenario every official-client script runs against ramkit-mock.

Each client family (``tea_client.py``, ``core_client.py``) wraps its SDK in a
small adapter with four methods, and ``run`` drives the same checks through
it, so the families differ only in how they call the SDK:

- ``get_password_policy()`` -> the decoded response body as a dict
  (``{"RequestId": ..., "PasswordPolicy": {...}}``), field names as on the wire;
- ``set_password_policy(fields)`` -> the same, ``fields`` keyed by wire name;
- ``expect_error(call)`` -> an ``ApiError`` read from the SDK's exception, or
  ``None`` when ``call`` did not raise;
- ``with_credentials(access_key_id, access_key_secret)`` -> a new adapter.

Configuration comes from the environment, under the names ``ramkit-mock``
prints at start-up: ``RAMKIT_ENDPOINT`` (``http://127.0.0.1:<port>``),
``ALIBABA_CLOUD_ACCESS_KEY_ID`` and ``ALIBABA_CLOUD_ACCESS_KEY_SECRET``.

Every check prints one ``ok`` line; the first failing one prints ``FAIL`` and
the script exits with status 1.
"""

import json
import os
import sys
import traceback
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Optional
from urllib.parse import urlsplit

# The nine fields of PasswordPolicy and the JSON type each must have.
POLICY_FIELDS = {
    "MinimumPasswordLength": int,
    "RequireLowercaseCharacters": bool,
    "RequireUppercaseCharacters": bool,
    "RequireNumbers": bool,
    "RequireSymbols": bool,
    "HardExpiry": bool,
    "MaxPasswordAge": int,
    "PasswordReusePrevention": int,
    "MaxLoginAttemps": int,
}

OUT_OF_RANGE_CODE = "InvalidParameter.MinimumPasswordLength.Range"
UNKNOWN_KEY_CODE = "InvalidAccessKeyId.NotFound"


class CheckFailed(Exception):
    """A check did not hold; the message says what was expected and what came."""


@dataclass
class Settings:
    """Where the mock listens and the root AccessKey it was started with."""

    endpoint: str  # host:port, the form both SDKs take
    access_key_id: str
    access_key_secret: str


@dataclass
class ApiError:
    """What an SDK exception exposes about a refused call."""

    code: str
    http_status: Optional[int]
    request_id: Optional[str]
    message: str
    # The error body as the SDK decoded it, when the SDK keeps it.
    body: Optional[Dict[str, Any]] = None


@dataclass
class Scenario:
    """The values one client family writes, chosen to differ between families."""

    family: str
    first_update: Dict[str, Any]
    # A one-field update sent after the first one: the first one's fields must survive it.
    second_update: Dict[str, Any]
    # Codes acceptable when the secret is wrong (the family's own vocabulary).
    wrong_secret_codes: Iterable[str]
    # Extra assertions on the wrong-secret error, family specific.
    check_wrong_secret: Optional[Callable[[ApiError], None]] = None
    checks_passed: int = field(default=0, init=False)


def settings_from_env() -> Settings:
    missing = [
        name
        for name in ("RAMKIT_ENDPOINT", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        if not os.environ.get(name)
    ]
    if missing:
        raise CheckFailed(
            "environment variable(s) not set: "
            + ", ".join(missing)
            + " (start ramkit-mock and copy the lines it prints)"
        )
    url = urlsplit(os.environ["RAMKIT_ENDPOINT"])
    if url.scheme != "http" or not url.netloc or url.path not in ("", "/"):
        raise CheckFailed(
            f"RAMKIT_ENDPOINT must look like http://127.0.0.1:<port>, got {os.environ['RAMKIT_ENDPOINT']!r}"
        )
    return Settings(
        endpoint=url.netloc,
        access_key_id=os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"],
        access_key_secret=os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    )


def wrong_secret(secret: str) -> str:
    """The secret with its last character changed, like the vectors' ~tamper-secret."""
    last = "x" if secret[-1:] != "x" else "y"
    return secret[:-1] + last


def _ok(scenario: Scenario, what: str) -> None:
    scenario.checks_passed += 1
    print(f"ok   - [{scenario.family}] {what}", flush=True)


def require(condition: bool, what: str, detail: str) -> None:
    """Raise CheckFailed('<what>: <detail>') unless condition holds."""
    if not condition:
        raise CheckFailed(f"{what}: {detail}")


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _check_request_id(body: Dict[str, Any], what: str) -> None:
    request_id = body.get("RequestId")
    require(
        isinstance(request_id, str) and request_id != "",
        what,
        f"response has no RequestId: {_show(body)}",
    )


def _policy_of(body: Dict[str, Any], what: str) -> Dict[str, Any]:
    """The PasswordPolicy object, after checking it has the nine fields with JSON types."""
    _check_request_id(body, what)
    policy = body.get("PasswordPolicy")
    require(isinstance(policy, dict), what, f"response has no PasswordPolicy object: {_show(body)}")
    for name, kind in POLICY_FIELDS.items():
        require(name in policy, what, f"PasswordPolicy lacks {name}: {_show(policy)}")
        value = policy[name]
        # bool is a subclass of int in Python: compare the exact type.
        require(
            type(value) is kind,
            what,
            f"PasswordPolicy.{name} should be a JSON {'boolean' if kind is bool else 'integer'}, got {value!r}",
        )
    extra = sorted(set(policy) - set(POLICY_FIELDS))
    require(not extra, what, f"PasswordPolicy has unexpected fields {extra}")
    return policy


def _require_policy(actual: Dict[str, Any], expected: Dict[str, Any], what: str) -> None:
    wrong = {
        name: {"expected": expected[name], "got": actual.get(name)}
        for name in POLICY_FIELDS
        if actual.get(name) != expected[name]
    }
    require(not wrong, what, f"fields differ: {_show(wrong)}")


def _expect_error(adapter: Any, call: Callable[[], Any], what: str) -> ApiError:
    error = adapter.expect_error(call)
    require(error is not None, what, "the call succeeded, an error was expected")
    return error


def _check_refusal(error: ApiError, codes: Iterable[str], status: int, what: str) -> None:
    codes = list(codes)
    require(error.code in codes, what, f"error code {error.code!r}, expected one of {codes} ({error.message})")
    require(error.http_status == status, what, f"HTTP status {error.http_status}, expected {status} ({error.code})")
    require(
        bool(error.request_id) and error.request_id != "None",
        what,
        f"the SDK exception carries no request id ({error.code})",
    )


def _scenario_steps(adapter: Any, settings: Settings, scenario: Scenario) -> None:
    what = "GetPasswordPolicy decodes all nine fields with their JSON types"
    before = _policy_of(adapter.get_password_policy(), what)
    _ok(scenario, f"{what}: {_show(before)}")

    expected = {**before, **scenario.first_update}
    what = f"SetPasswordPolicy {_show(scenario.first_update)} echoes the whole resulting policy"
    _require_policy(_policy_of(adapter.set_password_policy(scenario.first_update), what), expected, what)
    _ok(scenario, what)

    what = "GetPasswordPolicy returns the values just set and keeps every field not sent"
    _require_policy(_policy_of(adapter.get_password_policy(), what), expected, what)
    _ok(scenario, what)

    expected = {**expected, **scenario.second_update}
    what = f"a partial SetPasswordPolicy {_show(scenario.second_update)} keeps the earlier update's fields"
    _require_policy(_policy_of(adapter.set_password_policy(scenario.second_update), what), expected, what)
    _require_policy(_policy_of(adapter.get_password_policy(), what), expected, what)
    _ok(scenario, what)

    what = f"MinimumPasswordLength=40 raises an SDK error with code {OUT_OF_RANGE_CODE}, HTTP 400 and a request id"
    error = _expect_error(adapter, lambda: adapter.set_password_policy({"MinimumPasswordLength": 40}), what)
    _check_refusal(error, [OUT_OF_RANGE_CODE], 400, what)
    if error.body is not None:
        for key in ("RequestId", "HostId", "Code", "Message", "Recommend"):
            require(key in error.body, what, f"error body lacks {key}: {_show(error.body)}")
    _ok(scenario, f"{what} ({error.message})")

    what = "the refused SetPasswordPolicy changed nothing"
    _require_policy(_policy_of(adapter.get_password_policy(), what), expected, what)
    _ok(scenario, what)

    codes = list(scenario.wrong_secret_codes)
    what = f"a wrong AccessKey secret is refused with {' or '.join(codes)} and HTTP 400"
    impostor = adapter.with_credentials(settings.access_key_id, wrong_secret(settings.access_key_secret))
    error = _expect_error(impostor, impostor.get_password_policy, what)
    _check_refusal(error, codes, 400, what)
    if scenario.check_wrong_secret is not None:
        scenario.check_wrong_secret(error)
    _ok(scenario, f"{what} (got {error.code})")

    what = f"an unknown AccessKey id is refused with {UNKNOWN_KEY_CODE} and HTTP 404"
    unknown_id = "LTAI5tRamkitUnknown" + uuid.uuid4().hex[:5]
    stranger = adapter.with_credentials(unknown_id, settings.access_key_secret)
    error = _expect_error(stranger, stranger.get_password_policy, what)
    _check_refusal(error, [UNKNOWN_KEY_CODE], 404, what)
    _ok(scenario, what)


def run(make_adapter: Callable[[Settings], Any], scenario: Scenario) -> None:
    """Run the scenario and exit: 0 when every check held, 1 otherwise."""
    try:
        settings = settings_from_env()
        _scenario_steps(make_adapter(settings), settings, scenario)
    except CheckFailed as failure:
        print(f"FAIL - [{scenario.family}] {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
    except Exception as error:  # an SDK error nobody expected: name it, then show all of it
        print(f"FAIL - [{scenario.family}] unexpected {type(error).__name__}: {error}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    print(f"all {scenario.checks_passed} checks passed ({scenario.family})", flush=True)
