/// One step of the schema's history: an id recorded in `schema_migrations` and the SQL it runs.
///
/// Once shipped, a migration is never edited or removed: a change is a new migration at the end.
struct Migration: Sendable {
    /// A unique id, e.g. `0001-initial`; ordered by its place in `Schema.migrations`, not by name.
    let id: String
    /// The statements to run, in one transaction with the recording of `id`.
    let sql: String
}
