import COpenSSL

/// SHA-256 over bytes given piece by piece: the same digest as `Digest.sha256Hex` of all the pieces joined.
///
/// Owns one OpenSSL digest context and frees it in `deinit`. Not thread-safe: one thread (or one
/// serial queue) uses a hasher at a time.
public final class SHA256Hasher {
    private let context: OpaquePointer?
    /// Whether `EVP_DigestInit_ex` succeeded; if not, `finish()` returns `nil`.
    private var usable: Bool
    private var finished = false

    /// A hasher that has been given no bytes yet.
    public init() {
        context = EVP_MD_CTX_new()
        usable = context != nil && EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds the bytes of `buffer` (read in place) to what is hashed.
    public func update(_ buffer: UnsafeRawBufferPointer) {
        guard usable, !finished, let base = buffer.baseAddress, buffer.count > 0 else { return }
        if EVP_DigestUpdate(context, base, buffer.count) != 1 { usable = false }
    }

    /// Adds `bytes` to what is hashed.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything given, as 64 lowercase hex digits; `nil` if OpenSSL failed or if
    /// called a second time. The hasher takes no more bytes afterwards.
    public func finish() -> String? {
        guard usable, !finished else { return nil }
        finished = true
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard ok == 1 else { return nil }
        return Digest.hex(out.prefix(Int(length)))
    }
}
