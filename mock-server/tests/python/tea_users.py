"""Alibaba Cloud's typed RAM client (alibabacloud_ram20150501, default V3 signing)
against ramkit-mock: RAM users and their passwords.

    python tea_users.py

As the root: CreateUser, CreateLoginProfile, CreateAccessKey for a new user. As that
user, with its own AccessKey: ChangePassword, then a call it has no policy for, whose
NoPermission (403) must decode with its AccessDeniedDetail. As the root again:
UpdateLoginProfile, GetLoginProfile, GetSecurityPreference. Reads RAMKIT_ENDPOINT,
ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; exits non-zero
on the first failed check.
"""

import os
import sys
import uuid

from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import exceptions as tea_exceptions
from alibabacloud_tea_openapi import utils_models as open_api_models


def check(condition: bool, what: str, detail: str = "") -> None:
    if not condition:
        sys.exit(f"FAIL {what}: {detail}")
    print(f"ok   {what}")


def client(key_id: str, secret: str) -> RamClient:
    return RamClient(
        open_api_models.Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint=os.environ["RAMKIT_ENDPOINT"].split("://", 1)[-1],
            protocol="HTTP",
            connect_timeout=5000,
            read_timeout=10000,
        )
    )


def main() -> None:
    root = client(os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"], os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
    name = f"py-{uuid.uuid4().hex[:8]}"

    created = root.create_user(ram.CreateUserRequest(user_name=name, display_name="Python User"))
    check(created.body.user.user_name == name, "CreateUser returns the user", str(created.body.to_map()))
    root.create_login_profile(ram.CreateLoginProfileRequest(user_name=name, password="First#Pass1"))
    key = root.create_access_key(ram.CreateAccessKeyRequest(user_name=name)).body.access_key
    check(len(key.access_key_secret) == 30, "CreateAccessKey returns the secret once")

    user = client(key.access_key_id, key.access_key_secret)
    changed = user.change_password(ram.ChangePasswordRequest(old_password="First#Pass1", new_password="Second#Pass2"))
    check(changed.status_code == 200 and bool(changed.body.request_id), "ChangePassword signed with the RAM user's key")

    try:
        user.get_user(ram.GetUserRequest(user_name=name))
        check(False, "a RAM user without policies is refused GetUser", "the call succeeded")
    except tea_exceptions.ClientException as error:
        check(error.code == "NoPermission" and error.status_code == 403, "NoPermission decodes with HTTP 403",
              f"{error.code} {error.status_code}")
        detail = error.access_denied_detail or {}
        check(detail.get("AuthAction") == "ram:GetUser" and detail.get("AuthPrincipalType") == "SubUser",
              "the AccessDeniedDetail decodes", str(detail))

    root.update_login_profile(ram.UpdateLoginProfileRequest(user_name=name, password="Admin#Reset3",
                                                            password_reset_required=True))
    profile = root.get_login_profile(ram.GetLoginProfileRequest(user_name=name)).body.login_profile
    check(profile.password_reset_required is True, "UpdateLoginProfile sets PasswordResetRequired",
          str(profile.to_map()))
    check("Password" not in profile.to_map(), "GetLoginProfile never returns the password")

    preference = root.get_security_preference().body.security_preference
    login = preference.login_profile_preference
    check(login.allow_user_to_change_password is True and login.login_session_duration == 6,
          "GetSecurityPreference decodes the defaults", str(preference.to_map()))
    check(preference.access_key_preference.allow_user_to_manage_access_keys is False,
          "AccessKeyPreference decodes")


if __name__ == "__main__":
    main()
