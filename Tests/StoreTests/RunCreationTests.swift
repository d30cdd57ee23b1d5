import Foundation
import JSON
import PlanCompiler
import Testing

@testable import Store

@Suite struct RunCreationTests {
    @Test func creatingARunStoresThePlanTheRunEveryCellAndAnEvent() throws {
        let store = try Store.openTemporary()
        let plan = Fixtures.plan(stages: 3)
        let run = try store.createRun(
            plan: plan, usetraceKey: "key-123", settings: ["publicUrl": "https://orch.example"],
            at: Fixtures.time(0))

        #expect(run.id.count == 22 && !run.id.hasPrefix("-"))
        #expect(run.status == .queued && run.planHash == plan.hash && run.planName == "smoke")
        #expect(try store.run(id: run.id) == run)
        #expect(try store.plan(hash: plan.hash) == plan)

        let cells = try store.cells(run: run.id)
        #expect(cells.map(\.compiledCell) == plan.cells)
        #expect(cells.allSatisfy { $0.status == .pending && $0.attempt == 0 && $0.buildId == nil && !$0.flaky })

        let events = try store.events(run: run.id)
        #expect(events.map(\.kind) == [.runCreated])
        #expect(events.first?.toStatus == "queued")
        #expect(events.first?.detail == ["plan": .string(plan.hash), "cells": 6])
        #expect(try store.cellCounts(run: run.id) == CellCounts(byStatus: [.pending: 6]))
    }

    @Test func aRunsSecretsAreReadSeparatelyAndNeverPrinted() throws {
        let store = try Store.openTemporary()
        let run = try store.createRun(plan: Fixtures.plan(), usetraceKey: "key-123-secret")
        let secrets = try #require(try store.runSecrets(id: run.id))
        #expect(secrets.usetraceKey == "key-123-secret")
        #expect(secrets.webhookSecret.count == 32)
        var dumped = ""
        dump(secrets, to: &dumped)
        for text in ["\(secrets)", String(reflecting: secrets), dumped, "\(run)", String(reflecting: run)] {
            #expect(!text.contains("key-123-secret"))
            #expect(!text.contains(secrets.webhookSecret))
        }
        let other = try store.createRun(plan: Fixtures.plan())
        #expect(try store.runSecrets(id: other.id)?.usetraceKey == nil)
        #expect(try store.runSecrets(id: other.id)?.webhookSecret != secrets.webhookSecret)
    }

    @Test func aFailedCreationLeavesNothingBehind() throws {
        let store = try Store.openTemporary()
        var plan = Fixtures.plan()
        plan.cells.append(plan.cells[0])  // a repeated seq breaks the cells' primary key half-way
        #expect(throws: StoreError.self) { try store.createRun(plan: plan) }
        for table in ["plans", "runs", "cells", "events"] {
            #expect(try store.count(table) == 0, "\(table)")
        }
    }

    @Test func aThrowingWriteRollsBackTheRunItCreated() throws {
        let store = try Store.openTemporary()
        #expect(throws: TestFailure.self) {
            try store.write { tx in
                _ = try tx.createRun(plan: Fixtures.plan())
                throw TestFailure()
            }
        }
        for table in ["plans", "runs", "cells", "events"] {
            #expect(try store.count(table) == 0, "\(table)")
        }
    }

    @Test func aRunForAnUnknownClientIsRefusedAndNothingStored() throws {
        let store = try Store.openTemporary()
        let error = try #require(throws: StoreError.self) {
            try store.createRun(plan: Fixtures.plan(), clientName: "nobody")
        }
        #expect(error.kind == .unknownClient)
        #expect(try store.count("plans") == 0 && store.count("runs") == 0)
    }

    @Test func aRunRecordsItsClient() throws {
        let store = try Store.openTemporary()
        _ = try store.addClient(name: "ci", id: "client-id-1")
        let run = try store.createRun(plan: Fixtures.plan(), clientName: "ci")
        #expect(run.clientName == "ci")
        #expect(try store.run(id: run.id)?.clientName == "ci")
    }

    @Test func savingAPlanIsIdempotentByHash() throws {
        let store = try Store.openTemporary()
        let plan = Fixtures.plan()
        try store.savePlan(plan)
        try store.savePlan(plan)
        _ = try store.createRun(plan: plan)
        #expect(try store.count("plans") == 1)
        #expect(try store.plan(hash: plan.hash) == plan)
        #expect(try store.plan(hash: "sha256:unknown") == nil)
    }

    @Test func commandCellsKeepTheirNullCapabilityAndLane() throws {
        let store = try Store.openTemporary()
        var plan = Fixtures.plan(stages: 1)
        plan.cells.append(
            CompiledCell(
                seq: 3, stage: 2, stepId: "run-1", kind: .command, target: "./reset.sh 'a b'", capability: nil,
                lane: nil, timeoutSeconds: 120, retries: 0, continueOnError: false, needs: []))
        plan.stageCount = 2
        let run = try store.createRun(plan: plan)
        let cell = try #require(try store.cell(run: run.id, seq: 3))
        #expect(cell.compiledCell == plan.cells[2])
        #expect(try store.cell(run: run.id, seq: 4) == nil)
    }
}
