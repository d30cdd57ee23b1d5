import HTTPTypes

/// HTTP header fields in order, names compared case-insensitively: the client's name for
/// `HTTPTypes.HTTPFields`, the type the server (WebServer) uses too.
public typealias HTTPHeaders = HTTPTypes.HTTPFields
