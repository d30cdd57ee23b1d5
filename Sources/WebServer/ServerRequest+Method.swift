import HTTPTypes

extension ServerRequest {
    /// An HTTP request method, as the client sent it (`GET`, `POST`, ...): `HTTPTypes.HTTPMethod`,
    /// the type the HTTP client uses too.
    public typealias Method = HTTPMethod
}
