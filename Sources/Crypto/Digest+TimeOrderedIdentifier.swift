import Foundation

extension Digest {
    /// The 32 digits of the identifier's time part, in ASCII order (Crockford's base 32).
    private static let timeDigits = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// An identifier of 22 URL-safe characters that sorts by creation time: 10 base-32 digits of
    /// the milliseconds since 1970 (in ASCII order, so string order is time order), then 12
    /// random characters (72 bits).
    ///
    /// For rows that are keyed by id: new keys land at the end of every index on the id, not on a
    /// random page, so a commit of many new runs writes a few pages instead of one a run. Never
    /// begins with `-` (the first digit stays `0` until the year 10889).
    public static func timeOrderedIdentifier(at time: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1_000).rounded(.down)))
        var id = [UInt8]()
        id.reserveCapacity(22)
        for shift in stride(from: 45, through: 0, by: -5) {
            id.append(timeDigits[Int((milliseconds >> UInt64(shift)) & 31)])
        }
        id.append(contentsOf: randomIdentifier(length: 12).utf8)
        return String(decoding: id, as: UTF8.self)
    }
}
