import Crypto
import Foundation
import Testing

@testable import Store

@Suite struct ClientTests {
    @Test func aClientIsFoundByItsIdAndListedByName() throws {
        let store = try Store.openTemporary()
        let added = try store.addClient(name: "ci", id: "Zq3v9KfLr2Tn8Xw1Bc4Md7", at: Fixtures.time(0))
        _ = try store.addClient(name: "alpha", id: "another-id", at: Fixtures.time(1))
        #expect(added.fingerprint == String(Digest.sha256Hex("Zq3v9KfLr2Tn8Xw1Bc4Md7").prefix(8)))
        #expect(try store.client(presentedId: "Zq3v9KfLr2Tn8Xw1Bc4Md7") == added)
        #expect(try store.client(presentedId: "Zq3v9KfLr2Tn8Xw1Bc4Md8") == nil)
        #expect(try store.clients().map(\.name) == ["alpha", "ci"])
        #expect(try store.clients().last == added)
    }

    @Test func aClientIdIsStoredOnlyAsItsHash() throws {
        let folder = try TemporaryFolder()
        let rawId = "RawClientId-Never-Stored"
        do {
            let store = try Store.open(path: folder.path("orch.db"))
            _ = try store.addClient(name: "ci", id: rawId)
            _ = try store.createRun(plan: Fixtures.plan(), clientName: "ci")
            let bytes = try folder.allBytes()
            #expect(bytes.contains(utf8: Digest.sha256Hex(rawId)))  // the check can see stored text
            #expect(!bytes.contains(utf8: rawId))
        }
        // Also once the store is closed and the WAL checkpointed into the main file.
        let bytes = try folder.allBytes()
        #expect(bytes.contains(utf8: Digest.sha256Hex(rawId)))
        #expect(!bytes.contains(utf8: rawId))
    }

    @Test func aTakenNameOrIdIsRefusedWithoutNamingTheId() throws {
        let store = try Store.openTemporary()
        _ = try store.addClient(name: "ci", id: "secret-id-1")
        let name = try #require(throws: StoreError.self) { try store.addClient(name: "ci", id: "secret-id-2") }
        #expect(name.kind == .clientNameTaken)
        #expect(name.description == "a client named 'ci' exists already")
        let id = try #require(throws: StoreError.self) { try store.addClient(name: "cd", id: "secret-id-1") }
        #expect(id.kind == .clientIdTaken)
        #expect(!id.description.contains("secret-id-1"))
        #expect(try store.clients().map(\.name) == ["ci"])
    }
}
