import Foundation
import Testing

/// `link A B --same` and `unlink A B`: two records, one party, in every read and on every replica.
@Suite struct LinkCommandTests {
    /// ucpa as Alice loaded it, and pg-123 as a ParlGov import made it, with another founding year.
    static func twoRecords() throws -> CLI {
        let cli = try CLI.withParty()
        try cli.ok("set", "pg-123", "--new", "name=United Communist Party", "founded=1992", "--source", "ParlGov")
        return cli
    }

    @Test func linkedRecords_showAsOneParty_withEachFactsOrigin_andAConflictBetweenThem() throws {
        let cli = try Self.twoRecords()
        let linked = try cli.ok("link", "ucpa", "pg-123", "--same", "--source", "same party, two datasets")
        #expect(linked.stderr.contains("Linked ucpa and pg-123: one party."))
        let shown = try cli.ok("show", "ucpa").stdout
        #expect(shown.contains("One party with pg-123 (caucus link)"), "\(shown)")
        #expect(shown.contains("United Communist Party of Azerbaijan") && shown.contains("ParlGov"), "\(shown)")
        #expect(shown.contains("CONFLICT between records: founded: 1993 (ucpa) | 1992 (pg-123)"), "\(shown)")
        #expect(shown.contains("CONFLICT between records: name: United Communist Party of Azerbaijan (ucpa) | United Communist Party (pg-123)"), "\(shown)")
        let json = try cli.ok("show", "pg-123", "--json").json
        #expect(json["same_party"] as? [String] == ["ucpa"])
        let between = try #require((json["conflicts_between_records"] as? [[String: Any]])?.first)
        #expect(between["field"] as? String == "founded")
        #expect((between["values"] as? [[String: Any]])?.compactMap { $0["record"] as? String } == ["pg-123", "ucpa"])
        #expect(try cli.ok("dump").stdout.contains(#""same_as":["pg-123"]"#))
        let listed = try cli.ok("list")
        #expect(listed.stdout.contains("same party as pg-123") && listed.stderr.contains("2 records, 1 party."), "\(listed)")
        let conflicts = try cli.run("conflicts", "--json")
        #expect(conflicts.status == 2)
        let records = conflicts.jsonLines.filter { $0["kind"] as? String == "records" }
        #expect(records.map { $0["field"] as? String } == ["founded", "name"])
        #expect(records.allSatisfy { $0["records"] as? [String] == ["pg-123", "ucpa"] })
        #expect(try cli.ok("status", "--json").json["conflicts"] as? Int == 2)
        // Setting the fields alike on one of them settles them.
        try cli.ok("set", "pg-123", "founded=1993", "name=United Communist Party of Azerbaijan", "--source", "registration file")
        #expect(try cli.run("conflicts").status == 0)
    }

    @Test func unlink_takesItBack_andAConcurrentLinkStands() throws {
        let alice = try Self.twoRecords()
        try alice.ok("link", "ucpa", "pg-123", "--same")
        try alice.ok("export", "-o", "a.changes")
        let bob = try CLI.importing("a.changes", from: alice)
        // Alice unlinks; Bob, not having seen it, links them again from his own source.
        try alice.ok("unlink", "ucpa", "pg-123")
        #expect(try alice.ok("show", "ucpa", "--json").json["same_party"] == nil)
        try bob.ok("link", "pg-123", "ucpa", "--same", "--source", "bob's check")
        try alice.ok("export", "-o", "a2.changes")
        try bob.ok("export", "-o", "b.changes")
        try alice.ok("import", bob.path("b.changes"))
        try bob.ok("import", alice.path("a2.changes"))
        #expect(try alice.ok("dump").stdout == bob.ok("dump").stdout)
        #expect(try alice.ok("show", "ucpa", "--json").json["same_party"] as? [String] == ["pg-123"])
        expectOneLineError(try alice.run("unlink", "ucpa", "azp"), status: 4, contains: "no party \"azp\"")
        try alice.ok("unlink", "ucpa", "pg-123")
        expectOneLineError(try alice.run("unlink", "ucpa", "pg-123"), status: 4, contains: "ucpa and pg-123 are not linked")
        #expect(try alice.run("link", "ucpa", "pg-123").status == 64)
        #expect(try alice.run("link", "ucpa", "ucpa", "--same").status == 64)
        // A record named by an id in another dataset.
        try alice.ok("field", "add", "parlgov", "--type", "external-id")
        try alice.ok("set", "pg-123", "parlgov=1760")
        #expect(try alice.ok("link", "ucpa", "parlgov:1760", "--same").stderr.contains("Linked ucpa and pg-123"))
        #expect(try alice.run("link", "pg-123", "parlgov:1760", "--same").status == 64)
    }

    @Test func aChangesetWithLinks_isFormatFive_sinceTheBuildBeforeItHadNoSameAsField() throws {
        let cli = try Self.twoRecords()
        try cli.ok("export", "-o", "before.changes")
        #expect(try cli.ok("inspect", "before.changes", "--json").json["format_version"] as? Int == 4)
        try cli.ok("link", "ucpa", "pg-123", "--same")
        try cli.ok("export", "-o", "after.changes")
        #expect(try cli.ok("inspect", "after.changes", "--json").json["format_version"] as? Int == 5)
    }
}
