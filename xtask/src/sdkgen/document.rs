//! Reads the OpenAPI document into what the emitters need: the actions (the
//! operations with an `x-acs-action` extension), the schemas their
//! parameters and responses reach, and the error codes.
//!
//! Everything the generator cannot express faithfully is an error naming
//! the operation or schema, never a silent fallback: generated code that
//! compiles but encodes a parameter wrongly is worse than no code.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The parts of the document the SDK is generated from.
#[derive(Debug)]
pub(crate) struct Document {
    /// The Alibaba actions, in document order.
    pub ops: Vec<Operation>,
    /// The schemas the actions reach, in document order.
    pub models: Vec<Model>,
    /// The gateway's codes (`x-acs-common-errors`).
    pub common_errors: Vec<ErrorEntry>,
}

/// One Alibaba action.
#[derive(Debug)]
pub(crate) struct Operation {
    pub product: String,
    pub action: String,
    pub version: String,
    pub read_only: bool,
    /// `x-ramkit-extension`: ramkit's own action, no Alibaba API.
    pub extension: bool,
    pub deprecated: bool,
    pub summary: String,
    pub description: String,
    pub params: Vec<Param>,
    /// The name of the 200 response's schema.
    pub response: String,
    pub errors: Vec<ErrorEntry>,
}

/// One entry of `x-acs-errors` / `x-acs-common-errors`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorEntry {
    pub code: String,
    pub status: u16,
    pub message: String,
}

/// One request parameter.
#[derive(Debug)]
pub(crate) struct Param {
    /// The wire name (`MaxLoginAttemps`).
    pub name: String,
    pub required: bool,
    pub deprecated: bool,
    pub description: String,
    pub ty: Ty,
    /// `format: password`: kept out of `Debug`.
    pub secret: bool,
    /// The range or length limits, in words (`8 to 32`).
    pub range: Option<String>,
    /// The schema's `default`, as JSON text.
    pub default: Option<String>,
}

/// A schema the generated code names.
#[derive(Debug)]
pub(crate) enum Model {
    /// `type: object` with `properties`.
    Struct {
        name: String,
        description: String,
        fields: Vec<Field>,
    },
    /// `type: string` with `enum`.
    Enum {
        name: String,
        description: String,
        values: Vec<String>,
    },
}

impl Model {
    pub fn name(&self) -> &str {
        match self {
            Model::Struct { name, .. } | Model::Enum { name, .. } => name,
        }
    }
}

/// One property of an object schema.
#[derive(Debug)]
pub(crate) struct Field {
    /// The wire name (`PasswordPolicy`).
    pub wire: String,
    pub description: String,
    pub ty: Ty,
    pub required: bool,
    pub secret: bool,
}

/// The Rust type a schema maps to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Bool,
    /// A primitive integer or float type name (`u32`, `f64`).
    Number(&'static str),
    String,
    /// A component schema, by name.
    Named(String),
    List(Box<Ty>),
    /// `type: object` with `additionalProperties`: a map keyed by string.
    Map(Box<Ty>),
}

impl Ty {
    /// The component schemas this type names.
    fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::List(inner) | Ty::Map(inner) => inner.named(),
            Ty::Bool | Ty::Number(_) | Ty::String => None,
        }
    }
}

const SCHEMAS: &str = "#/components/schemas/";

fn ref_name(schema: &Value) -> Option<String> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(SCHEMAS))
        .map(str::to_owned)
}

/// The type of a schema: a plain `$ref`, poem-openapi's
/// `allOf: [{$ref}, {description}]` (its way to describe a reference),
/// arrays, maps and scalars. `at` names the schema in errors.
pub(crate) fn schema_ty(schema: &Value, at: &str) -> Result<Ty, String> {
    if let Some(name) = ref_name(schema) {
        return Ok(Ty::Named(name));
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let refs: Vec<String> = all.iter().filter_map(ref_name).collect();
        // Anything besides the one reference may only describe it.
        let only_describes = all
            .iter()
            .filter(|s| ref_name(s).is_none())
            .all(|s| s.as_object().is_some_and(|o| o.keys().all(|k| is_annotation(k))));
        return match (refs.as_slice(), only_describes) {
            ([name], true) => Ok(Ty::Named(name.clone())),
            _ => Err(format!("{at}: allOf other than a described $ref is not supported")),
        };
    }
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("boolean") => Ok(Ty::Bool),
        Some("integer") => Ok(Ty::Number(match format {
            Some("int8") => "i8",
            Some("int16") => "i16",
            Some("int32") => "i32",
            Some("uint8") => "u8",
            Some("uint16") => "u16",
            Some("uint32") => "u32",
            Some("uint64") => "u64",
            // `int64`, and no format at all: JSON integers are 64-bit.
            _ => "i64",
        })),
        Some("number") => Ok(Ty::Number(if format == Some("float") { "f32" } else { "f64" })),
        Some("string") if schema.get("enum").is_some() => Err(format!(
            "{at}: an inline string enum has no name; declare it as a component schema"
        )),
        Some("string") => Ok(Ty::String),
        Some("array") => {
            let items = schema
                .get("items")
                .ok_or_else(|| format!("{at}: array without items"))?;
            Ok(Ty::List(Box::new(schema_ty(items, &format!("{at}[]"))?)))
        }
        Some("object") if schema.get("properties").is_none() => match schema.get("additionalProperties") {
            Some(values) if values.is_object() => Ok(Ty::Map(Box::new(schema_ty(values, &format!("{at}{{}}"))?))),
            _ => Err(format!(
                "{at}: an object without properties or typed additionalProperties"
            )),
        },
        Some("object") => Err(format!(
            "{at}: an inline object has no name; declare it as a component schema"
        )),
        other => Err(format!("{at}: unsupported schema type {other:?}")),
    }
}

/// Keys that describe a schema without changing its shape.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description" | "title" | "default" | "example" | "examples" | "deprecated" | "readOnly" | "writeOnly"
    )
}

fn is_secret(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("password")
}

pub(crate) fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A property's description: its own, or the one poem-openapi puts in `allOf`.
fn describe(schema: &Value) -> String {
    let own = text(schema, "description");
    if !own.is_empty() {
        return own;
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .and_then(|all| all.iter().map(|s| text(s, "description")).find(|d| !d.is_empty()))
        .unwrap_or_default()
}

/// The limits of a parameter, in words.
fn range_of(schema: &Value) -> Option<String> {
    let num = |k: &str| schema.get(k).and_then(Value::as_f64).map(format_number);
    let len = |k: &str| schema.get(k).and_then(Value::as_u64);
    match (num("minimum"), num("maximum"), len("minLength"), len("maxLength")) {
        (Some(a), Some(b), _, _) => Some(format!("{a} to {b}")),
        (Some(a), None, _, _) => Some(format!("at least {a}")),
        (None, Some(b), _, _) => Some(format!("at most {b}")),
        (_, _, Some(a), Some(b)) => Some(format!("{a} to {b} characters")),
        (_, _, Some(a), None) => Some(format!("at least {a} characters")),
        (_, _, None, Some(b)) => Some(format!("at most {b} characters")),
        _ => None,
    }
}

/// `8.0` as `8`, `0.5` as `0.5` (poem-openapi writes integer bounds as floats).
fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn errors(v: Option<&Value>, at: &str) -> Result<Vec<ErrorEntry>, String> {
    let Some(list) = v else { return Ok(Vec::new()) };
    let list = list.as_array().ok_or_else(|| format!("{at}: not a list"))?;
    list.iter()
        .map(|e| {
            let code = text(e, "Code");
            if code.is_empty() {
                return Err(format!("{at}: an entry without Code"));
            }
            let status = e
                .get("HttpStatus")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| format!("{at}: {code} has no HttpStatus"))?;
            Ok(ErrorEntry {
                code,
                status,
                message: text(e, "Message"),
            })
        })
        .collect()
}

fn param(p: &Value, at: &str) -> Result<Param, String> {
    let name = text(p, "name");
    let at = format!("{at} parameter {name}");
    let schema = p.get("schema").ok_or_else(|| format!("{at}: no schema"))?;
    let ty = schema_ty(schema, &at)?;
    // A parameter travels as one `Name=value` pair: lists (`Name.1`, `Name.2`)
    // and objects would need an encoding the document does not state.
    if matches!(ty, Ty::List(_) | Ty::Map(_)) {
        return Err(format!("{at}: only scalar and enum parameters are supported"));
    }
    Ok(Param {
        required: flag(p, "required"),
        deprecated: flag(p, "deprecated"),
        description: {
            let d = text(p, "description");
            if d.is_empty() { describe(schema) } else { d }
        },
        secret: is_secret(schema),
        range: range_of(schema),
        default: schema.get("default").map(Value::to_string),
        ty,
        name,
    })
}

fn operation(path: &str, method: &str, op: &Value, action: &str) -> Result<Operation, String> {
    let at = format!("{} {path}", method.to_uppercase());
    let ext = |key: &str| {
        op.get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("{at}: no {key}"))
    };
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .map(|p| param(p, &at))
        .collect::<Result<Vec<_>, _>>()?;
    let response = op
        .pointer("/responses/200/content")
        .and_then(Value::as_object)
        .and_then(|c| c.values().next())
        .and_then(|m| m.get("schema"))
        .and_then(ref_name)
        .ok_or_else(|| format!("{at}: the 200 response has no schema reference"))?;
    Ok(Operation {
        product: ext("x-acs-product")?,
        action: action.to_owned(),
        version: ext("x-acs-version")?,
        read_only: flag(op, "x-acs-read-only"),
        extension: flag(op, "x-ramkit-extension"),
        deprecated: flag(op, "deprecated"),
        summary: text(op, "summary"),
        description: text(op, "description"),
        params,
        response,
        errors: errors(op.get("x-acs-errors"), &format!("{at} x-acs-errors"))?,
    })
}

fn model(name: &str, schema: &Value) -> Result<Model, String> {
    let at = format!("schema {name}");
    let description = text(schema, "description");
    if let Some(values) = schema.get("enum") {
        let values = values
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| format!("{at}: only string enums are supported"))?;
        return Ok(Model::Enum {
            name: name.to_owned(),
            description,
            values,
        });
    }
    let properties: &Map<String, Value> = match schema.get("properties").and_then(Value::as_object) {
        Some(p) => p,
        None if schema.get("type").and_then(Value::as_str) == Some("object") => &Map::new(),
        None => return Err(format!("{at}: only objects and string enums can be named")),
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = properties
        .iter()
        .map(|(wire, prop)| {
            Ok(Field {
                wire: wire.clone(),
                description: describe(prop),
                ty: schema_ty(prop, &format!("{at}.{wire}"))?,
                required: required.contains(&wire.as_str()),
                secret: is_secret(prop),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Model::Struct {
        name: name.to_owned(),
        description,
        fields,
    })
}

/// Parses the document. Operations without `x-acs-action` (the mock's
/// control plane) and schemas no action reaches (`ErrorBody`, the control
/// plane's) are left out.
pub(crate) fn parse(document_json: &str) -> Result<Document, String> {
    let doc: Value = serde_json::from_str(document_json).map_err(|e| format!("the document is not JSON: {e}"))?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no paths")?;
    let mut ops = Vec::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(action) = op.get("x-acs-action").and_then(Value::as_str) {
                ops.push(operation(path, method, op, action)?);
            }
        }
    }

    let schemas = doc.pointer("/components/schemas").and_then(Value::as_object);
    let mut wanted: Vec<String> = ops.iter().map(|o| o.response.clone()).collect();
    wanted.extend(
        ops.iter()
            .flat_map(|o| &o.params)
            .filter_map(|p| p.ty.named())
            .map(str::to_owned),
    );
    let mut seen = BTreeSet::new();
    let mut models = Vec::new();
    while let Some(name) = wanted.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let schema = schemas
            .and_then(|s| s.get(&name))
            .ok_or_else(|| format!("schema {name} is referenced but not defined"))?;
        let model = model(&name, schema)?;
        if let Model::Struct { fields, .. } = &model {
            wanted.extend(fields.iter().filter_map(|f| f.ty.named()).map(str::to_owned));
        }
        models.push(model);
    }
    for op in &ops {
        for p in &op.params {
            let is_enum = |n: &str| {
                models
                    .iter()
                    .any(|m| matches!(m, Model::Enum { name, .. } if name == n))
            };
            if p.ty.named().is_some_and(|n| !is_enum(n)) {
                return Err(format!(
                    "{} parameter {}: only scalar and enum parameters are supported",
                    op.action, p.name
                ));
            }
        }
    }
    // Document order, whatever order the references were followed in.
    let order: Vec<&String> = schemas.into_iter().flat_map(|s| s.keys()).collect();
    models.sort_by_key(|m| order.iter().position(|n| *n == m.name()));

    Ok(Document {
        ops,
        models,
        common_errors: errors(doc.get("x-acs-common-errors"), "x-acs-common-errors")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ty(schema: Value) -> Result<Ty, String> {
        schema_ty(&schema, "test")
    }

    #[test]
    fn integer_formats_map_to_rust_integers_and_no_format_to_i64() {
        for (format, rust) in [("int32", "i32"), ("int64", "i64"), ("uint32", "u32"), ("uint64", "u64")] {
            assert_eq!(ty(json!({"type": "integer", "format": format})), Ok(Ty::Number(rust)));
        }
        assert_eq!(ty(json!({"type": "integer"})), Ok(Ty::Number("i64")));
        assert_eq!(ty(json!({"type": "number", "format": "double"})), Ok(Ty::Number("f64")));
    }

    #[test]
    fn a_ref_wrapped_in_all_of_with_a_description_is_the_referenced_schema() {
        let wrapped =
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/Inner"}, {"description": "d"}]});
        assert_eq!(ty(wrapped.clone()), Ok(Ty::Named("Inner".into())));
        assert_eq!(
            ty(json!({"$ref": "#/components/schemas/Inner"})),
            Ok(Ty::Named("Inner".into()))
        );
        assert_eq!(
            describe(&json!({"allOf": [{"$ref": "#/x"}, {"description": "inner"}]})),
            "inner"
        );
    }

    #[test]
    fn all_of_that_merges_schemas_is_refused() {
        let merged = json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {}}]});
        assert!(ty(merged).is_err());
    }

    #[test]
    fn arrays_and_maps_carry_their_item_type() {
        assert_eq!(
            ty(json!({"type": "array", "items": {"$ref": "#/components/schemas/User"}})),
            Ok(Ty::List(Box::new(Ty::Named("User".into()))))
        );
        assert_eq!(
            ty(json!({"type": "object", "additionalProperties": {"type": "string"}})),
            Ok(Ty::Map(Box::new(Ty::String)))
        );
    }

    #[test]
    fn untyped_and_inline_object_schemas_are_errors_not_guesses() {
        assert!(ty(json!({})).is_err());
        assert!(ty(json!({"type": "object", "properties": {"A": {"type": "string"}}})).is_err());
        assert!(ty(json!({"type": "string", "enum": ["A"]})).is_err());
    }

    #[test]
    fn ranges_read_as_words() {
        assert_eq!(
            range_of(&json!({"minimum": 8.0, "maximum": 32.0})).as_deref(),
            Some("8 to 32")
        );
        assert_eq!(
            range_of(&json!({"minLength": 1, "maxLength": 64})).as_deref(),
            Some("1 to 64 characters")
        );
        assert_eq!(range_of(&json!({"maximum": 1000})).as_deref(), Some("at most 1000"));
        assert_eq!(range_of(&json!({"type": "string"})), None);
    }

    #[test]
    fn list_parameters_are_refused_because_their_wire_encoding_is_unstated() {
        let p = json!({"name": "Tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}});
        assert!(param(&p, "op").is_err());
    }
}
