import Crypto
import Foundation

extension Database {
    /// How many hex digits of the id's SHA-256 a client's fingerprint shows.
    static let fingerprintLength = 8

    /// Stores a client under `name`, keeping only the SHA-256 of `id`; the caller holds the transaction.
    func addClient(name: String, id: String, at time: Date) throws -> ClientRecord {
        let hash = Digest.sha256Hex(id)
        if try queryFirst("SELECT 1 FROM clients WHERE name = ?", [name], { _ in true }) != nil {
            throw StoreError.clientNameTaken(name)
        }
        if try queryFirst("SELECT 1 FROM clients WHERE id_sha256 = ?", [hash], { _ in true }) != nil {
            throw StoreError.clientIdTaken
        }
        let fingerprint = String(hash.prefix(Self.fingerprintLength))
        try execute(
            "INSERT INTO clients (name, id_sha256, fingerprint, created_at) VALUES (?, ?, ?, ?)",
            [name, hash, fingerprint, time])
        return ClientRecord(
            name: name, fingerprint: fingerprint, createdAt: Date(millisecondsSinceEpoch: time.millisecondsSinceEpoch))
    }

    /// Every client, by name.
    func clients() throws -> [ClientRecord] {
        try query("SELECT name, fingerprint, created_at FROM clients ORDER BY name") {
            ClientRecord(
                name: $0.text(0) ?? "", fingerprint: $0.text(1) ?? "",
                createdAt: $0.date(2) ?? Date(millisecondsSinceEpoch: 0))
        }
    }

    /// The client whose id is `presentedId`, found by the id's SHA-256.
    func client(presentedId: String) throws -> ClientRecord? {
        try queryFirst(
            "SELECT name, fingerprint, created_at FROM clients WHERE id_sha256 = ?", [Digest.sha256Hex(presentedId)]
        ) {
            ClientRecord(
                name: $0.text(0) ?? "", fingerprint: $0.text(1) ?? "",
                createdAt: $0.date(2) ?? Date(millisecondsSinceEpoch: 0))
        }
    }
}
