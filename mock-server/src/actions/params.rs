//! The kinds of parameter the actions take, each declared once as a type:
//! its bounds and pattern are written here and nowhere else. poem-openapi
//! renders them into each operation's parameter schema (the document, the
//! source of the SDK), and the contract reads them back from that metadata
//! as the rules the validate stage checks, each pattern compiled once per
//! process. By the time an operation parses its parameters they have been
//! checked, so parsing here only converts: nothing is validated twice and
//! no regex is compiled on the request path (poem-openapi's own
//! `validator(pattern = …)` compiles its regex on every check).
//!
//! Secret kinds (passwords, codes) never show their value in `Debug`.

use std::borrow::Cow;
use std::marker::PhantomData;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{ParseFromParameter, ParseResult, Type};

/// What a text parameter's schema says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextRule {
    /// Fewest characters.
    min: Option<usize>,
    /// Most characters.
    max: Option<usize>,
    /// A regular expression the whole value matches.
    pattern: Option<&'static str>,
    /// A secret: `format: password` in the document, redacted in `Debug`.
    secret: bool,
}

impl TextRule {
    const PLAIN: Self = Self {
        min: None,
        max: None,
        pattern: None,
        secret: false,
    };

    fn schema(&self) -> MetaSchema {
        let mut schema = if self.secret {
            MetaSchema::new_with_format("string", "password")
        } else {
            MetaSchema::new("string")
        };
        schema.min_length = self.min;
        schema.max_length = self.max;
        schema.pattern = self.pattern.map(str::to_owned);
        schema
    }
}

/// A kind of text parameter.
pub(crate) trait TextKind: Send + Sync + 'static {
    /// The type's name, for poem-openapi.
    const NAME: &'static str;
    /// Its bounds and pattern.
    const RULE: TextRule;
}

/// A text parameter of kind `K`, checked against `K::RULE` by the validate
/// stage before the operation runs.
pub(crate) struct Text<K>(String, PhantomData<K>);

impl<K> Text<K> {
    /// The value.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, owned.
    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

impl<K> From<Text<K>> for String {
    fn from(text: Text<K>) -> Self {
        text.0
    }
}

impl<K> PartialEq<str> for Text<K> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl<K> std::ops::Deref for Text<K> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<K: TextKind> std::fmt::Debug for Text<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if K::RULE.secret {
            write!(f, "{}(** redacted **)", K::NAME)
        } else {
            write!(f, "{}({:?})", K::NAME, self.0)
        }
    }
}

impl<K: TextKind> Type for Text<K> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        K::NAME.into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(K::RULE.schema()))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(std::iter::once(self))
    }
}

impl<K: TextKind> ParseFromParameter for Text<K> {
    /// Converts only: the validate stage has checked the value.
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_owned(), PhantomData))
    }
}

/// Declares text kinds: `Name = rule;` makes the kind and `Name` the
/// parameter type.
macro_rules! text_kinds {
    ($($(#[$doc:meta])* $name:ident = $rule:expr;)*) => {
        /// The kinds behind the parameter types of the same names.
        pub(crate) mod kind {
            use super::{TextKind, TextRule};
            $(
                $(#[$doc])*
                #[derive(Debug)]
                pub(crate) struct $name;
                impl TextKind for $name {
                    const NAME: &'static str = stringify!($name);
                    const RULE: TextRule = $rule;
                }
            )*
        }
        $($(#[$doc])* pub(crate) type $name = Text<kind::$name>;)*
    };
}

text_kinds! {
    /// A RAM user's name: 1-64 characters, letters, digits, `.`, `_`, `-`.
    UserName = TextRule { min: Some(1), max: Some(64), pattern: Some(r"^[A-Za-z0-9._-]+$"), ..TextRule::PLAIN };
    /// A display name: 1-128 characters, letters, digits, `@`, `.`, `_`, `-` and spaces.
    DisplayName = TextRule { min: Some(1), max: Some(128), pattern: Some(r"^[\p{L}\p{N}@._ -]+$"), ..TextRule::PLAIN };
    /// A mobile number, `<country code>-<number>`.
    MobilePhone = TextRule { pattern: Some(r"^[0-9]{1,4}-[0-9]{4,15}$"), ..TextRule::PLAIN };
    /// A RAM user's email.
    Email = TextRule { max: Some(128), pattern: Some(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), ..TextRule::PLAIN };
    /// Free text, 1-128 characters.
    Comments = TextRule { min: Some(1), max: Some(128), ..TextRule::PLAIN };
    /// A policy's name: 1-128 characters, letters, digits and `-`.
    PolicyName = TextRule { min: Some(1), max: Some(128), pattern: Some("^[A-Za-z0-9-]+$"), ..TextRule::PLAIN };
    /// An AccessKey id, 1-128 characters.
    AccessKeyId = TextRule { min: Some(1), max: Some(128), ..TextRule::PLAIN };
    /// An AccessKey's status, `Active` or `Inactive`.
    KeyStatus = TextRule { pattern: Some("^(Active|Inactive)$"), ..TextRule::PLAIN };
    /// A RAM user's console password, 1-128 characters (the password
    /// policy decides the rest).
    Password = TextRule { min: Some(1), max: Some(128), secret: true, ..TextRule::PLAIN };
    /// The root's new logon password, 8-32 characters.
    RootPassword = TextRule { min: Some(8), max: Some(32), secret: true, ..TextRule::PLAIN };
    /// A verification code, at most 16 characters.
    VerifyCode = TextRule { max: Some(16), secret: true, ..TextRule::PLAIN };
    /// An email or mobile a verification code goes to, at most 254 characters.
    Address = TextRule { max: Some(254), ..TextRule::PLAIN };
    /// The root's new logon email, at most 254 characters.
    LogonEmail = TextRule { max: Some(254), ..TextRule::PLAIN };
    /// The root's new mobile, at most 20 characters.
    RootMobile = TextRule { max: Some(20), ..TextRule::PLAIN };
    /// Network masks separated by semicolons, at most 512 characters.
    NetworkMasks = TextRule { max: Some(512), ..TextRule::PLAIN };
    /// A colour name, at most 16 characters.
    Color = TextRule { max: Some(16), ..TextRule::PLAIN };
}

/// A whole number from `MIN` to `MAX`, checked by the validate stage
/// before the operation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounded<const MIN: u32, const MAX: u32>(u32);

impl<const MIN: u32, const MAX: u32> Bounded<MIN, MAX> {
    /// The value.
    pub(crate) fn get(self) -> u32 {
        self.0
    }
}

impl<const MIN: u32, const MAX: u32> From<Bounded<MIN, MAX>> for u32 {
    fn from(n: Bounded<MIN, MAX>) -> Self {
        n.0
    }
}

impl<const MIN: u32, const MAX: u32> Type for Bounded<MIN, MAX> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        format!("integer_{MIN}_{MAX}").into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new_with_format("integer", "uint32");
        schema.minimum = Some(f64::from(MIN));
        schema.maximum = Some(f64::from(MAX));
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(std::iter::once(self))
    }
}

impl<const MIN: u32, const MAX: u32> ParseFromParameter for Bounded<MIN, MAX> {
    /// Converts only: the validate stage has checked the value (and written
    /// it as plain decimal).
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        value
            .parse()
            .map(Self)
            .map_err(|_| format!("expected a whole number from {MIN} to {MAX}").into())
    }
}

/// Items per page of a listing, 1-1000.
pub(crate) type MaxItems = Bounded<1, 1000>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_parameter_never_shows_its_value_in_debug() {
        let p = Password::parse_from_parameter("Hunter2!Secret").expect("parses");
        let shown = format!("{p:?}");
        assert!(!shown.contains("Hunter2"), "{shown}");
    }

    #[test]
    fn a_parameter_kind_renders_its_rule_into_the_schema() {
        let MetaSchemaRef::Inline(schema) = UserName::schema_ref() else {
            panic!("inline")
        };
        assert_eq!(schema.min_length, Some(1));
        assert_eq!(schema.max_length, Some(64));
        assert_eq!(schema.pattern.as_deref(), Some(r"^[A-Za-z0-9._-]+$"));
    }
}
