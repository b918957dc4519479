"""Alibaba Cloud's classic Python SDK (aliyun-python-sdk-core with the request classes of
aliyun-python-sdk-ram) against ramkit-mock. It always signs with HMAC-SHA1 RPC.

    python core_client.py

Reads RAMKIT_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET;
see ramkit_scenario.py for the checks.
"""

import json
from typing import Any, Callable, Dict, Optional

from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.http import protocol_type
from aliyunsdkram.request.v20150501.GetPasswordPolicyRequest import GetPasswordPolicyRequest
from aliyunsdkram.request.v20150501.SetPasswordPolicyRequest import SetPasswordPolicyRequest

from ramkit_scenario import ApiError, Scenario, Settings, run


class CoreAdapter:
    def __init__(self, settings: Settings):
        self._settings = settings
        # Seconds. The region only feeds RegionId, which the SDK sends and signs.
        self._client = AcsClient(
            settings.access_key_id,
            settings.access_key_secret,
            "cn-hangzhou",
            connect_timeout=5,
            timeout=10,
        )

    def _send(self, request: Any) -> Dict[str, Any]:
        # An explicit endpoint skips the SDK's endpoint resolution; the request
        # classes default to HTTPS, the mock speaks plain HTTP.
        request.set_endpoint(self._settings.endpoint)
        request.set_protocol_type(protocol_type.HTTP)
        return json.loads(self._client.do_action_with_exception(request))

    def get_password_policy(self) -> Dict[str, Any]:
        return self._send(GetPasswordPolicyRequest())

    def set_password_policy(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        request = SetPasswordPolicyRequest()
        for name, value in fields.items():
            getattr(request, f"set_{name}")(value)  # set_MinimumPasswordLength(12), ...
        return self._send(request)

    def expect_error(self, call: Callable[[], Any]) -> Optional[ApiError]:
        try:
            call()
        except ServerException as error:
            return ApiError(
                code=error.get_error_code(),
                http_status=error.get_http_status(),
                request_id=error.get_request_id(),
                message=error.get_error_msg(),
            )
        return None

    def with_credentials(self, access_key_id: str, access_key_secret: str) -> "CoreAdapter":
        return CoreAdapter(Settings(self._settings.endpoint, access_key_id, access_key_secret))


SCENARIO = Scenario(
    family="core",
    first_update={
        "MinimumPasswordLength": 16,
        "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True,
        "MaxLoginAttemps": 3,
    },
    second_update={"PasswordReusePrevention": 24},
    # On a 400 SignatureDoesNotMatch the SDK compares the text after the first ':'
    # of Message with its own string to sign; when they are equal it reports
    # InvalidAccessKeySecret instead. So this code proves that the mock quoted
    # exactly the string the SDK signed, and that only the secret was wrong.
    wrong_secret_codes=["InvalidAccessKeySecret"],
)


if __name__ == "__main__":
    run(CoreAdapter, SCENARIO)
