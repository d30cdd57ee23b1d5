import Crypto

/// How Usetrace signs a webhook body with the reporter's `secretKey`, and how orch checks it.
public enum WebhookSignature {
    /// The header that carries the signature.
    public static let headerName = "Signature"

    /// The signing algorithm, in one place so that it is easy to change: lowercase hex
    /// HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes
    /// (usetrace-api.md, "Webhook reporter").
    public static let algorithm: @Sendable (_ key: [UInt8], _ body: [UInt8]) -> String = { key, body in
        Digest.hmacSHA256Hex(key: key, message: body)
    }

    /// The signature of `body` under `secret`.
    public static func sign(_ body: [UInt8], secret: String) -> String {
        algorithm(Array(secret.utf8), body)
    }

    /// Whether `signature` (the header's value, surrounding spaces ignored) is the signature of
    /// `body` under `secret`, compared in constant time.
    public static func isValid(_ signature: String, body: [UInt8], secret: String) -> Bool {
        let given = signature.trimmingBlanks
        guard !given.isEmpty, !secret.isEmpty else { return false }
        return Digest.constantTimeEquals(Array(given.utf8), Array(sign(body, secret: secret).utf8))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) })
        else { return "" }
        return self[start...end]
    }
}
