"""Alibaba Cloud's typed RAM client (alibabacloud_ram20150501 on alibabacloud_tea_openapi)
against ramkit-mock.

    python tea_client.py v3   # default signing: ACS3-HMAC-SHA256, Authorization header
    python tea_client.py v2   # Config.signature_algorithm='v2': HMAC-SHA1 RPC, Signature parameter

Reads RAMKIT_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET;
see ramkit_scenario.py for the checks.
"""

import sys
from typing import Any, Callable, Dict, Optional

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import exceptions as tea_exceptions
from alibabacloud_tea_openapi import utils_models as open_api_models

from ramkit_scenario import ApiError, Scenario, Settings, require, run

SERVER_STRING_TO_SIGN = "server string to sign is:"


class TeaAdapter:
    def __init__(self, settings: Settings, signature: str):
        self._settings = settings
        self._signature = signature
        config = open_api_models.Config(
            access_key_id=settings.access_key_id,
            access_key_secret=settings.access_key_secret,
            endpoint=settings.endpoint,
            protocol="HTTP",
            # Milliseconds: a mock that hangs fails the check instead of the whole run.
            connect_timeout=5000,
            read_timeout=10000,
        )
        if signature == "v2":
            config.signature_algorithm = "v2"
        self._client = RamClient(config)

    def get_password_policy(self) -> Dict[str, Any]:
        response = self._client.get_password_policy()
        return self._body(response, "GetPasswordPolicy")

    def set_password_policy(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        # from_map takes wire names, exactly as the generated model reads a response.
        request = ram_models.SetPasswordPolicyRequest().from_map(fields)
        response = self._client.set_password_policy(request)
        return self._body(response, "SetPasswordPolicy")

    @staticmethod
    def _body(response: Any, action: str) -> Dict[str, Any]:
        require(response.status_code == 200, action, f"HTTP status {response.status_code}, expected 200")
        # to_map() rebuilds the wire shape from the typed model, so a field the model
        # did not decode is missing here and fails the shape check.
        return response.body.to_map()

    def expect_error(self, call: Callable[[], Any]) -> Optional[ApiError]:
        try:
            call()
        except tea_exceptions.AlibabaCloudException as error:
            return ApiError(
                code=error.code,
                http_status=error.status_code,
                request_id=error.request_id,
                message=error.message,
                body=error.data,
            )
        return None

    def with_credentials(self, access_key_id: str, access_key_secret: str) -> "TeaAdapter":
        settings = Settings(self._settings.endpoint, access_key_id, access_key_secret)
        return TeaAdapter(settings, self._signature)


def server_string_to_sign_check(scheme_prefix: str) -> Callable[[ApiError], None]:
    """The refusal must quote the server's string to sign, as the real gateway does."""

    def check(error: ApiError) -> None:
        what = "the signature refusal quotes the server's string to sign"
        message = (error.body or {}).get("Message", "")
        require(SERVER_STRING_TO_SIGN in message, what, f"Message is {message!r}")
        quoted = message.split(SERVER_STRING_TO_SIGN, 1)[1]
        require(
            quoted.startswith(scheme_prefix),
            what,
            f"expected it to start with {scheme_prefix!r}, got {quoted[:60]!r}",
        )

    return check


SCENARIOS = {
    "v3": Scenario(
        family="tea-v3",
        first_update={"MinimumPasswordLength": 12, "RequireSymbols": True, "HardExpiry": False, "MaxPasswordAge": 90},
        second_update={"MaxLoginAttemps": 5},
        # The gateway answers a V3 signature mismatch with either code.
        wrong_secret_codes=["IncompleteSignature", "SignatureDoesNotMatch"],
        check_wrong_secret=server_string_to_sign_check("ACS3-HMAC-SHA256"),
    ),
    "v2": Scenario(
        family="tea-v2",
        first_update={"MinimumPasswordLength": 14, "RequireNumbers": True, "HardExpiry": True, "PasswordReusePrevention": 5},
        second_update={"RequireLowercaseCharacters": True},
        wrong_secret_codes=["SignatureDoesNotMatch"],
        check_wrong_secret=server_string_to_sign_check("POST&%2F&"),
    ),
}


def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: {sys.argv[0]} v3|v2")
    signature = sys.argv[1]
    run(lambda settings: TeaAdapter(settings, signature), SCENARIOS[signature])


if __name__ == "__main__":
    main()
