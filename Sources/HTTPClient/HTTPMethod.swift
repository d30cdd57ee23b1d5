import HTTPTypes

/// An HTTP request method: `HTTPTypes.HTTPMethod`, the type the server (WebServer) uses too.
public typealias HTTPMethod = HTTPTypes.HTTPMethod
