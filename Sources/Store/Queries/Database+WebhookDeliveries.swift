import Foundation

extension Database {
    /// Records the first delivery of webhook token `token`; `false` (nothing written) when the
    /// token was used already, which the UNIQUE constraint on `token` decides.
    func claimWebhookToken(
        _ token: String, run id: String, seq: Int, attempt: Int, outcome: String, bodySHA256: String, at time: Date
    ) throws -> Bool {
        try execute(
            """
            INSERT INTO webhook_deliveries (token, run_id, seq, attempt, outcome, body_sha256, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING
            """,
            [token, id, seq, attempt, outcome, bodySHA256, time]) == 1
    }

    /// Sets what the delivery of `token` did; whether it is recorded.
    func setWebhookDeliveryOutcome(_ token: String, outcome: String) throws -> Bool {
        try execute("UPDATE webhook_deliveries SET outcome = ? WHERE token = ?", [outcome, token]) == 1
    }

    /// The deliveries accepted for run `id`, in the order they were received.
    func webhookDeliveries(run id: String) throws -> [WebhookDeliveryRecord] {
        try query(
            """
            SELECT run_id, seq, attempt, outcome, body_sha256, received_at FROM webhook_deliveries
            WHERE run_id = ? ORDER BY id
            """, [id]
        ) {
            WebhookDeliveryRecord(
                runId: $0.text(0) ?? "", seq: $0.int(1), attempt: $0.int(2), outcome: $0.text(3) ?? "",
                bodySHA256: $0.text(4) ?? "", receivedAt: $0.date(5) ?? Date(millisecondsSinceEpoch: 0))
        }
    }

    /// Every cell of every run counted by status (for metrics).
    func allCellCounts() throws -> CellCounts {
        var counts: [CellStatus: Int] = [:]
        try statement("SELECT status, count(*) FROM cells GROUP BY status").run([]) { row in
            guard let status = row.text(0).flatMap(CellStatus.init(rawValue:)) else {
                throw StoreError.invalidRecord("a cell has an unknown status '\(row.text(0) ?? "")'")
            }
            counts[status] = row.int(1)
        }
        return CellCounts(byStatus: counts)
    }
}
