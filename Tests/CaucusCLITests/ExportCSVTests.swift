import Foundation
import Testing

/// `export-csv`: the columns a mapping file names, round trips through `import-csv`, conflicts,
/// set members, sources, and releases.
@Suite struct ExportCSVTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var partyFacts: String {
        let data = root.deletingLastPathComponent().appendingPathComponent("shared/data/partyfacts-core-parties.csv")
        return FileManager.default.fileExists(atPath: data.path) ? data.path : "/work/shared/data/partyfacts-core-parties.csv"
    }
    static var mapping: String { root.appendingPathComponent("docs/partyfacts.mapping").path }

    @Test func partyFacts_importExportImport_changesNothing_andWritesPartyFactsColumns() throws {
        try #require(FileManager.default.fileExists(atPath: Self.partyFacts), "the Party Facts CSV is in ../shared/data")
        let cli = try CLI()
        try cli.ok("init", "--editor", "loader")
        try cli.ok("import-csv", Self.partyFacts, "--mapping", Self.mapping, "--skip-if", "technical", "--source", "Party Facts")
        try cli.ok("export-csv", "--mapping", Self.mapping, "--output", "pf.csv")
        let csv = try String(contentsOfFile: cli.path("pf.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("country,partyfacts_id,name_short,name,name_english,name_other,year_first,year_last,share,share_year,wikipedia,description\n"))
        #expect(csv.contains("\nAFG,6641,SDP,Afğān Millat Gund,"))
        let vv = try cli.ok("vv").stdout
        let again = try cli.ok("import-csv", cli.path("pf.csv"), "--mapping", Self.mapping, "--source", "Party Facts")
        #expect(again.stderr.contains("Imported 0 parties (0 new)") && again.stderr.contains("0 values written, 48049 already there"), "\(again.stderr)")
        #expect(try cli.ok("vv").stdout == vv)
        try cli.ok("export-csv", "--mapping", Self.mapping, "--output", "pf2.csv")
        #expect(try String(contentsOfFile: cli.path("pf2.csv"), encoding: .utf8) == csv)
    }

    @Test func withoutAMapping_theIdComesFirst_thenEveryField_andSetMembersRoundTripWithSplit() throws {
        let cli = try CLI.withParty()
        try cli.ok("add", "ucpa", "ideology", "Communism", "Marxism-Leninism")
        try cli.ok("claim", "ucpa", "election_result", #"{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}"#)
        let out = try cli.ok("export-csv").stdout
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("id,name,name_other,abbreviation,"))
        #expect(lines[1].contains(",Communism; Marxism-Leninism,"))
        #expect(lines[1].contains(#""{""constituency"":""District 12"",""election"":""2005 parliamentary"",""place"":2,""share"":8.3,""year"":2005}""#))
        try cli.write("out.csv", out)
        let other = try CLI()
        try other.ok("init", "--editor", "bob")
        try other.ok("import-csv", cli.path("out.csv"), "--split", "ideology=;")
        #expect(try other.ok("export-csv").stdout == out)
        let refused = try other.run("import-csv", cli.path("out.csv"), "--split", "name=;")
        #expect(refused.status == 3 && refused.stderr.contains("only a set field's cell is split"))
    }

    @Test func aFieldInConflict_isJoinedAndMarked_orLeftOut_orStopsTheExport() throws {
        let (alice, _) = try SyncCommandTests.twoEditorsInConflict()
        #expect(try alice.ok("export-csv").stdout.contains(",conflict: 5000 | 7000,"))
        #expect(!(try alice.ok("export-csv", "--conflicts", "omit").stdout.contains("5000")))
        let fail = try alice.run("export-csv", "--conflicts", "fail", "--output", "x.csv")
        #expect(fail.status == 2 && fail.stderr.contains("1 field is in conflict (ucpa membership)") && fail.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: alice.path("x.csv")))
        #expect(try alice.ok("export-csv", "--only-conflicts").stdout.split(separator: "\n").count == 2)
    }

    @Test func withSources_addsTheSourceAndDateOfEachValue() throws {
        let cli = try CLI.withParty()
        try cli.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure", "--as-of", "2005")
        let lines = try cli.ok("export-csv", "--with-sources").stdout.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(header.firstIndex(of: "membership"))
        #expect(header[at + 1] == "membership_source" && header[at + 2] == "membership_as_of")
        #expect(row[at] == "7000" && row[at + 1] == "party's own figure" && row[at + 2] == "2005")
        #expect(row[header.firstIndex(of: "founded_source")!] == "registration file")
    }

    @Test func anExportAtARelease_isTheSameBytesOnEveryReplica() throws {
        let (alice, bob) = try ReleaseCommandTests.releasedAndEditedOn()
        let a = try alice.ok("export-csv", "--at", "2025.1").stdout
        #expect(a == (try bob.ok("export-csv", "--at", "2025.1").stdout))
        #expect(a != (try alice.ok("export-csv").stdout) && a.contains(",7000,"))
        try alice.ok("export-csv", "--at", "2025.1", "--output", "at.csv")
        #expect(try String(contentsOfFile: alice.path("at.csv"), encoding: .utf8) == a)
    }
}
