//! Stage 1, normalize: from raw HTTP to a request the rest of the pipeline understands.
//! Query and form body are decoded and merged; Action and Version come from
//! the parameters, the `x-acs-*` headers or the namespaced path.

use poem::http::{HeaderMap, Method, Uri};
use ramkit_signing::{HeaderLookup, percent};

use crate::error::{ApiError, gateway};

/// Which signature scheme the request uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `Authorization: ACS3-HMAC-SHA256 …`.
    AcsV3,
    /// `Signature` parameter, HMAC-SHA1, SignatureVersion 1.0.
    RpcV1,
    /// No signature at all.
    Unsigned,
}

/// A decoded request.
#[derive(Debug)]
pub(crate) struct WireRequest<'a> {
    /// GET or POST.
    pub(crate) method: &'a Method,
    /// The request path.
    pub(crate) path: &'a str,
    /// The raw query string, for the V3 verifier.
    pub(crate) raw_query: &'a str,
    /// The headers with text values, as (lower-case name, value), in
    /// arrival order: a request has a dozen, and the verifier asks for them
    /// by name some twenty times, so a scan of this list beats hashing and
    /// parsing the name for the map each time.
    pub(crate) headers: Vec<(&'a str, &'a str)>,
    /// The body as received.
    pub(crate) body: &'a [u8],
    /// Query and form-body parameters, decoded, in arrival order.
    pub(crate) params: Vec<(String, String)>,
    /// The signature scheme.
    pub(crate) scheme: Scheme,
}

impl<'a> WireRequest<'a> {
    /// Decodes a request; refuses what cannot be decoded.
    pub(crate) fn parse(
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Result<Self, ApiError> {
        if *method != Method::POST && *method != Method::GET {
            return Err(gateway::UNSUPPORTED_METHOD.err());
        }
        let malformed = |what: &str| {
            gateway::MALFORMED_REQUEST.with_message(format!(
                "The {what} is not valid application/x-www-form-urlencoded UTF-8."
            ))
        };
        let mut list = Vec::with_capacity(headers.len());
        list.extend(
            headers
                .iter()
                .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
        );
        let headers = list;
        let raw_query = uri.query().unwrap_or("");
        let mut params = percent::decode_form(raw_query).map_err(|_| malformed("query string"))?;
        if is_form(&headers) {
            let text = std::str::from_utf8(body).map_err(|_| malformed("form body"))?;
            params.extend(percent::decode_form(text).map_err(|_| malformed("form body"))?);
        }
        let authorization = headers
            .iter()
            .find(|(k, _)| *k == "authorization")
            .map(|(_, v)| v.as_bytes());
        let scheme = match authorization {
            Some(v) if v.starts_with(b"ACS3-") => Scheme::AcsV3,
            Some(_) => return Err(gateway::SIGNATURE_METHOD.err()),
            None if params.iter().any(|(k, _)| k == "Signature") => Scheme::RpcV1,
            None => Scheme::Unsigned,
        };
        Ok(Self {
            method,
            path: uri.path(),
            raw_query,
            headers,
            body,
            params,
            scheme,
        })
    }

    /// The first value of a parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A header's value as text (`name` in any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.as_slice().header(name)
    }

    /// The action and version the caller asks for: the namespaced path wins,
    /// then what the scheme signs (headers for V3, parameters for RPC), then
    /// the other place.
    pub(crate) fn action_and_version(&self) -> Result<(&str, &str), ApiError> {
        if let Some((version, action)) = namespaced(self.path) {
            return Ok((action, version));
        }
        let pick = |param: &'static str, header: &'static str| match self.scheme {
            Scheme::AcsV3 => self.header(header).or_else(|| self.param(param)),
            _ => self.param(param).or_else(|| self.header(header)),
        };
        let action = pick("Action", "x-acs-action")
            .filter(|a| !a.is_empty())
            .ok_or_else(|| gateway::missing("Action"))?;
        let version = pick("Version", "x-acs-version")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| gateway::missing("Version"))?;
        Ok((action, version))
    }
}

/// `/{product}/{version}/{Action}` → (version, action).
fn namespaced(path: &str) -> Option<(&str, &str)> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (_product, version, action) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && !action.is_empty()).then_some((version, action))
}

fn is_form(headers: &[(&str, &str)]) -> bool {
    headers
        .iter()
        .find(|(k, _)| *k == "content-type")
        .is_some_and(|(_, ct)| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}
