@testable import CaucusHub
@testable import CaucusSync
import CaucusCore
import Foundation
import Testing

/// A hub checks a push's values of the team's fields against every definition pushed to it (h003),
/// as a replica's import does: a value that fits none is refused, and nothing is stored.
@Suite struct HubTeamFieldTests {
    static let family = FieldDefinition(name: "family", type: .choice, isSet: false, choices: ["communist"], maxLength: 10_000,
                                         help: "", takesClaims: false)

    /// Alice defines family and pushes a value under it; Carol's replica, of a build whose own
    /// `family` takes any of two choices, pushes a value the definition does not allow, without
    /// the definition in her file. The hub refuses it, and keeps what it held.
    static func refusesAValueTheDefinitionsPushedBeforeDoNotAllow(_ hub: HubHarness) async throws {
        let alice = try await hub.editor("alice", role: .writer)
        try alice.store.defineField(Self.family, time: 1)
        try alice.set("ucpa", "family", .text("communist"))
        _ = try await blocking { try alice.sync(hub.url).push(time: 2) }
        let rows = try await hub.storage.definitions()
        #expect(rows.map(\.field) == ["family"] && rows[0].value == Self.family.definitionValue.json)

        let loose = FieldDefinition(name: "family", type: .choice, isSet: false, choices: ["communist", "green"], maxLength: 10_000, help: "")
        let standard = PartySchema.standard
        let carol = try await hub.editor("carol", role: .writer,
                                         schema: PartySchema(version: standard.version, idHelp: standard.idHelp, fields: standard.fields + [loose]))
        try carol.set("ucpa", "family", .text("green"))
        let before = try await hub.storage.state()
        try await expectRefusal(400, "bad_changeset") { _ = try carol.sync(hub.url).push(time: 3) }
        let after = try await hub.storage.state()
        #expect(after.sequence == before.sequence && after.versionVector == before.versionVector)

        // A value the definition allows goes through.
        let dave = try await hub.editor("dave", role: .writer)
        _ = try await blocking { try dave.sync(hub.url).pull(time: 4) }
        try dave.set("azp", "family", .text("communist"))
        _ = try await blocking { try dave.sync(hub.url).push(time: 5) }
        #expect(try await hub.storage.state().sequence == before.sequence + 1)
    }

    @Test func onSQLite_aPushedValueIsCheckedAgainstTheDefinitionsPushedBefore() async throws {
        try await HubHarness.with { hub in try await Self.refusesAValueTheDefinitionsPushedBeforeDoNotAllow(hub) }
    }

    @Test(.enabled(if: postgresURL != nil, "CAUCUS_TEST_POSTGRES names no PostgreSQL server"))
    func onPostgreSQL_aPushedValueIsCheckedAgainstTheDefinitionsPushedBefore() async throws {
        try await withPostgresDatabase { url in
            try await PostgresHubStorage.with(url: url, logger: silentLogger) { storage in
                try await HubHarness.with(storage: storage, directory: HubHarness.newDirectory()) { hub in
                    try await Self.refusesAValueTheDefinitionsPushedBeforeDoNotAllow(hub)
                }
            }
        }
    }
}
