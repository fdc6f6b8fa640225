import Foundation
import Testing

/// An election result goes in through `apply` as a JSON object and comes out of every read
/// command: as the editor reads it in tables, as the same JSON object in `--json` and `dump`.
@Suite struct ElectionResultCommandTests {
    static let canonical = #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#

    func cliWithTheResult() throws -> CLI {
        let cli = try CLI.withParty()
        try cli.write("result.ndjson", #"""
            {"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2},"source":"CEC protocol"}

            """#)
        try cli.ok("apply", "result.ndjson")
        return cli
    }

    @Test func anAppliedResult_isShownAsTheEditorReadsIt_andAsTheSameObjectInJSON() throws {
        let cli = try cliWithTheResult()
        let show = try cli.ok("show", "ucpa")
        #expect(show.stdout.contains("2005 parliamentary, District 12: 8.3%, place 2"), "\(show.stdout)")
        let fields = try #require(try cli.ok("show", "ucpa", "--json").json["fields"] as? [[String: Any]])
        let values = fields.first { $0["field"] as? String == "election_result" }?["values"] as? [[String: Any]]
        #expect(values?.count == 1)
        let value = try #require(values?.first?["value"] as? [String: Any])
        #expect(value.keys.sorted() == ["constituency", "election", "place", "share", "year"])
        #expect(value["election"] as? String == "2005 parliamentary" && value["constituency"] as? String == "District 12")
        #expect(value["share"] as? Double == 8.3 && value["place"] as? Int == 2 && value["year"] as? Int == 2005)
        #expect(try cli.ok("dump").stdout.contains(#""election_result":[\#(Self.canonical)]"#))
        #expect(try cli.ok("list", "--json").stdout.contains(Self.canonical))
    }

    @Test func history_showsTheResult_inTheTableAndAsAnObjectInJSON() throws {
        let cli = try cliWithTheResult()
        #expect(try cli.ok("history", "ucpa", "election_result").stdout.contains("+ 2005 parliamentary, District 12: 8.3%, place 2 *"))
        let line = try #require(try cli.ok("history", "ucpa", "election_result", "--json").jsonLines.first)
        #expect((line["after"] as? [String: Any])?["constituency"] as? String == "District 12")
    }

    @Test func aMalformedResult_isRefused_namingTheMember_andNothingIsApplied() throws {
        let cli = try CLI.withParty()
        try cli.write("bad.ndjson", #"""
            {"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":"8.3%"}}

            """#)
        expectOneLineError(try cli.run("apply", "bad.ndjson"), status: 3, contains: #"election_result: "share" must be a number from 0 to 100, got "8.3%""#)
        #expect(try !cli.ok("dump").stdout.contains("election_result"))
    }
}
