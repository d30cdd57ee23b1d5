import HTTPTypes

/// HTTP header fields in order, names compared case-insensitively: `HTTPTypes.HTTPFields`, the
/// type the HTTP client (`HTTPHeaders`) uses too, named here so that users of WebServer need not
/// import HTTPTypes.
public typealias HTTPFields = HTTPTypes.HTTPFields
