//! GetSecurityPreference / SetSecurityPreference (ram-contract.md §3.2).

use crate::common::{self, refusal};

#[tokio::test]
async fn a_new_account_has_the_documented_default_security_preference() {
    let server = common::mock().await;
    let p = common::root_client(&server)
        .get_security_preference()
        .send()
        .await
        .expect("read")
        .security_preference;
    let login = p.login_profile_preference;
    assert!(login.allow_user_to_change_password && !login.enable_save_mfa_ticket);
    assert_eq!(
        (login.login_session_duration, login.login_network_masks.as_str()),
        (6, "")
    );
    assert!(!p.access_key_preference.allow_user_to_manage_access_keys);
    assert!(p.mfa_preference.allow_user_to_manage_mfa_devices);
    assert!(!p.public_key_preference.allow_user_to_manage_public_keys);
}

#[tokio::test]
async fn set_security_preference_changes_only_the_given_fields() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.set_security_preference()
        .login_session_duration(12u32)
        .send()
        .await
        .expect("first");
    let p = root
        .set_security_preference()
        .allow_user_to_manage_access_keys(true)
        .login_network_masks(" 10.0.0.0/8 ;;192.168.0.1")
        .send()
        .await
        .expect("second")
        .security_preference;
    assert_eq!(p.login_profile_preference.login_session_duration, 12);
    assert_eq!(p.login_profile_preference.login_network_masks, "10.0.0.0/8;192.168.0.1");
    assert!(p.access_key_preference.allow_user_to_manage_access_keys);
    assert!(p.login_profile_preference.allow_user_to_change_password);
}

#[tokio::test]
async fn login_session_duration_outside_1_to_24_hours_is_refused() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    for hours in [0u32, 25] {
        let err = root
            .set_security_preference()
            .login_session_duration(hours)
            .send()
            .await;
        assert_eq!(
            refusal(err),
            ("InvalidParameter.LoginSessionDuration.Range".into(), 400),
            "{hours}"
        );
    }
}

#[tokio::test]
async fn login_network_masks_must_be_cidr_blocks() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let err = root
        .set_security_preference()
        .login_network_masks("10.0.0.0/8;not-a-cidr")
        .send()
        .await;
    assert_eq!(refusal(err), ("InvalidParameter.LoginNetworkMasks.Format".into(), 400));
    let err = root
        .set_security_preference()
        .login_network_masks("10.0.0.0/33")
        .send()
        .await;
    assert_eq!(refusal(err).0, "InvalidParameter.LoginNetworkMasks.Format");
}

#[tokio::test]
async fn at_most_forty_login_network_masks_are_accepted() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let masks = |n: usize| (0..n).map(|i| format!("1.1.1.{i}")).collect::<Vec<_>>().join(";");
    root.set_security_preference()
        .login_network_masks(masks(40))
        .send()
        .await
        .expect("forty");
    let err = root
        .set_security_preference()
        .login_network_masks(masks(41))
        .send()
        .await;
    assert_eq!(refusal(err), ("InvalidParameter.LoginNetworkMasks.Count".into(), 400));
}

#[tokio::test]
async fn login_network_masks_longer_than_512_characters_are_refused() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let long = (0..40)
        .map(|i| format!("2001:db8:{i:x}::/48"))
        .collect::<Vec<_>>()
        .join(";");
    assert!(long.len() > 512);
    let err = root.set_security_preference().login_network_masks(long).send().await;
    assert_eq!(refusal(err), ("InvalidParameter.LoginNetworkMasks.Length".into(), 400));
}
