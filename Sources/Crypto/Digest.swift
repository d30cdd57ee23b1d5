import COpenSSL
import Foundation

/// SHA-256, HMAC-SHA256, constant-time comparison and random tokens, over OpenSSL's libcrypto.
///
/// This module's files are the only ones that import `COpenSSL`.
public enum Digest {
    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        if let digest = bytes.withContiguousStorageIfAvailable({ sha256Hex(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { sha256Hex($0) }
    }

    /// The SHA-256 of the bytes in `buffer`, read in place, as 64 lowercase hex digits.
    public static func sha256Hex(_ buffer: UnsafeRawBufferPointer) -> String {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        out.withUnsafeMutableBufferPointer { o in
            _ = SHA256(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count, o.baseAddress)
        }
        return hex(out)
    }

    /// The SHA-256 of the UTF-8 bytes of `text`, as lowercase hex.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// HMAC-SHA256 of `message` keyed with `key`, as 64 lowercase hex digits.
    public static func hmacSHA256Hex(key: some Collection<UInt8>, message: some Collection<UInt8>) -> String {
        let k = Array(key)
        let m = Array(message)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        k.withUnsafeBufferPointer { kb in
            m.withUnsafeBufferPointer { mb in
                out.withUnsafeMutableBufferPointer { ob in
                    _ = HMAC(
                        EVP_sha256(), kb.baseAddress, Int32(kb.count), mb.baseAddress, mb.count, ob.baseAddress, &length
                    )
                }
            }
        }
        return hex(out.prefix(Int(length)))
    }

    /// Whether `a` and `b` hold the same bytes, in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let x = Array(a)
        let y = Array(b)
        guard x.count == y.count else { return false }
        if x.isEmpty { return true }
        return x.withUnsafeBytes { xb in
            y.withUnsafeBytes { yb in CRYPTO_memcmp(xb.baseAddress, yb.baseAddress, x.count) == 0 }
        }
    }

    /// Whether two strings hold the same UTF-8 bytes, compared in constant time.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        constantTimeEquals(Array(a.utf8), Array(b.utf8))
    }

    /// `count` bytes from OpenSSL's CSPRNG; `nil` only if the generator fails.
    public static func randomBytes(_ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        return ok == 1 ? out : nil
    }

    /// A random URL-safe identifier of `length` characters that never begins with `-`.
    ///
    /// Falls back to `SystemRandomNumberGenerator` (also a CSPRNG on Linux) if OpenSSL's fails.
    public static func randomIdentifier(length: Int = 22) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var bytes = randomBytes(length) ?? (0..<length).map { _ in UInt8.random(in: 0...255) }
        var id = [UInt8]()
        id.reserveCapacity(length)
        for (i, b) in bytes.enumerated() {
            // 64 divides 256, so masking keeps every character equally likely.
            var c = alphabet[Int(b & 63)]
            if i == 0 && c == UInt8(ascii: "-") { c = UInt8(ascii: "A") + (b >> 6) }
            id.append(c)
        }
        bytes.removeAll()
        return String(decoding: id, as: UTF8.self)
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
