import Foundation
import Testing

/// `claim`, `retract`, `rank`, `show --at` and the claim lines of `apply`, as the issue's contract states them.
@Suite struct ClaimCommandTests {
    static func dumpLine(_ cli: CLI, _ party: String) throws -> String {
        try cli.ok("dump").stdout.split(separator: "\n").first { $0.contains("\"id\":\"\(party)\"") }.map(String.init) ?? ""
    }

    @Test func twoSourcedLeaders_standSideBySide_disputed_andNoConflict() throws {
        let cli = try CLI.withParty()
        try cli.ok("claim", "ucpa", "leader", "Sayadov", "--source", "Justice Ministry", "--note", "recognised by the ministry")
        try cli.ok("claim", "ucpa", "leader", "Tukanov", "--start", "1998", "--source", "1998 congress")
        let line = try Self.dumpLine(cli, "ucpa")
        #expect(!line.contains("\"leader\":\""))
        #expect(line.contains(#""claims":{"leader":[{"value":"Sayadov","rank":"normal","sources":["Justice Ministry"],"note":"recognised by the ministry"},{"value":"Tukanov","rank":"normal","sources":["1998 congress"],"start":"1998"}]}"#))
        #expect(line.contains(#""conflicts":{}"#))
        #expect(try cli.run("conflicts").status == 0)
        #expect(try cli.ok("show", "ucpa").stdout.contains("DISPUTED: 2 claims, none preferred"))
        let leader = (try cli.ok("show", "ucpa", "--json").json["fields"] as! [[String: Any]]).first { $0["field"] as? String == "leader" }!
        #expect(leader["disputed"] as? Bool == true && leader["conflict"] as? Bool == false)
    }

    @Test func preferringOneClaim_givesTheFieldItsValue_andKeepsTheOther() throws {
        let cli = try CLI.withParty()
        try cli.ok("claim", "ucpa", "leader", "Sayadov", "--source", "Justice Ministry")
        try cli.ok("claim", "ucpa", "leader", "Tukanov", "--start", "1998")
        try cli.ok("rank", "ucpa", "leader", "Tukanov", "preferred", "--start", "1998")
        let line = try Self.dumpLine(cli, "ucpa")
        #expect(line.contains(#""leader":"Tukanov""#))
        #expect(line.contains(#"{"value":"Tukanov","rank":"preferred","start":"1998"}"#))
        #expect(line.contains(#"{"value":"Sayadov","rank":"normal","sources":["Justice Ministry"]}"#))
        let shown = try cli.ok("show", "ucpa").stdout
        #expect(shown.range(of: "Tukanov [preferred]")!.lowerBound < shown.range(of: "Sayadov")!.lowerBound)
    }

    @Test func theSameClaimFromAnotherSource_isOneClaimWithBothSources() throws {
        let cli = try CLI.withParty()
        try cli.ok("claim", "ucpa", "membership", "7000", "--as-of", "2005", "--source", "party's own figure")
        try cli.ok("claim", "ucpa", "membership", "7000", "--as-of", "2005", "--source", "press")
        let line = try Self.dumpLine(cli, "ucpa")
        #expect(line.contains(#""membership":7000"#))
        #expect(!line.contains("\"claims\""))
        let history = try cli.ok("history", "ucpa", "membership", "--json").jsonLines
        #expect(history.map { $0["op"] as? String } == ["claim", "claim"])
        #expect(history.allSatisfy { $0["current"] as? Bool == true })
    }

    @Test func aSeries_answersWhatHeldAtADate() throws {
        let cli = try CLI.withParty()
        try cli.ok("claim", "ucpa", "membership", "7000", "--as-of", "2005", "--source", "party's own figure")
        try cli.ok("claim", "ucpa", "membership", "9000", "--as-of", "2010", "--source", "party's own figure")
        try cli.ok("claim", "ucpa", "leader", "Sayadov", "--start", "1993", "--end", "1998")
        try cli.ok("claim", "ucpa", "leader", "Tukanov", "--start", "1998-06")
        let at2006 = try cli.ok("show", "ucpa", "--at", "2006", "--json").json["fields"] as! [[String: Any]]
        func claims(_ field: String, _ fields: [[String: Any]]) -> [Any?] {
            ((fields.first { $0["field"] as? String == field }?["claims"] as? [[String: Any]]) ?? []).map { $0["value"] }
        }
        #expect(claims("membership", at2006) as? [Int] == [7000])
        #expect(claims("leader", at2006) as? [String] == ["Tukanov"])
        let at1995 = try cli.ok("show", "ucpa", "--at", "1995", "--json").json["fields"] as! [[String: Any]]
        #expect(claims("leader", at1995) as? [String] == ["Sayadov"])
        #expect(claims("membership", at1995).isEmpty)
        expectOneLineError(try cli.run("show", "ucpa", "--at", "June 2006"), status: 3, contains: "--at takes a date (YYYY, YYYY-MM or YYYY-MM-DD), a release or a version vector file")
    }

    @Test func retract_removesOneClaimOfASeries_andRefusesOneThatDoesNotStand() throws {
        let cli = try CLI.withParty()
        try cli.ok("claim", "ucpa", "membership", "5000", "--as-of", "2005")
        try cli.ok("claim", "ucpa", "membership", "5000", "--as-of", "2010")
        try cli.ok("retract", "ucpa", "membership", "5000", "--as-of", "2005")
        let line = try Self.dumpLine(cli, "ucpa")
        #expect(line.contains(#""membership":5000"#) && !line.contains("2005"))
        expectOneLineError(try cli.run("retract", "ucpa", "membership", "5000", "--as-of", "2005"), status: 4, contains: "no claim 5000 in membership with as_of 2005")
        expectOneLineError(try cli.run("rank", "ucpa", "membership", "5000", "best"), status: 64, contains: "preferred, normal or deprecated")
        expectOneLineError(try cli.run("claim", "ucpa", "leader", "X", "--start", "2000", "--end", "1999"), status: 3, contains: "before it starts")
    }

    @Test func applyTakesTheContractsClaimLines() throws {
        let cli = try CLI.withParty()
        let lines = """
            {"op":"claim","party":"ucpa","field":"leader","value":"Sayadov","source":"Justice Ministry","note":"registered"}
            {"op":"claim","party":"ucpa","field":"leader","value":"Tukanov","start":"1998","source":"congress"}
            {"op":"rank","party":"ucpa","field":"leader","value":"Tukanov","start":"1998","rank":"preferred"}
            {"op":"set","party":"ucpa","field":"membership","value":7000,"as_of":"2005","start":"2005","end":"2006","note":"own figure"}
            {"op":"claim","party":"ucpa","field":"membership","value":5000,"as_of":"2005"}
            {"op":"retract","party":"ucpa","field":"membership","value":5000,"as_of":"2005"}
            """
        let applied = try cli.run(["apply", "-"], input: lines + "\n")
        #expect(applied.status == 0, "\(applied)")
        let line = try Self.dumpLine(cli, "ucpa")
        #expect(line.contains(#""leader":"Tukanov""#) && line.contains(#""membership":7000"#))
        #expect(line.contains(#""membership":[{"value":7000,"rank":"normal","as_of":"2005","start":"2005","end":"2006","note":"own figure"}]"#))
        for bad in [#"{"op":"rank","party":"ucpa","field":"leader","value":"Tukanov","start":"1998"}"#,
                    #"{"op":"rank","party":"ucpa","field":"leader","value":"Tukanov","rank":"best"}"#,
                    #"{"op":"retract","party":"ucpa","field":"leader","value":"Nobody"}"#,
                    #"{"op":"set","party":"ucpa","field":"leader","value":"X","rank":"preferred"}"#,
                    #"{"op":"claim","party":"ucpa","field":"leader","value":"X","start":"19"}"#] {
            let r = try cli.run(["apply", "-"], input: bad + "\n")
            #expect(r.status != 0, "\(bad) was accepted")
            #expect(try Self.dumpLine(cli, "ucpa") == line)
        }
    }

    @Test func concurrentRanks_areAConflict_settledByRankingAgain() throws {
        let alice = try CLI.withParty()
        try alice.ok("claim", "ucpa", "leader", "Tukanov", "--start", "1998")
        try alice.ok("export", "--output", alice.path("a.caucus-changes"))
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.ok("import", alice.path("a.caucus-changes"))
        try alice.ok("rank", "ucpa", "leader", "Tukanov", "preferred", "--start", "1998")
        try bob.ok("rank", "ucpa", "leader", "Tukanov", "deprecated", "--start", "1998")
        try bob.ok("export", "--output", bob.path("b.caucus-changes"))
        try alice.ok("import", bob.path("b.caucus-changes"))
        let conflicts = try alice.run("conflicts", "--json")
        #expect(conflicts.status == 2)
        #expect(conflicts.jsonLines.map { $0["kind"] as? String } == ["rank"])
        #expect(try Self.dumpLine(alice, "ucpa").contains(#""rank":["deprecated","preferred"]"#))
        try alice.ok("rank", "ucpa", "leader", "Tukanov", "preferred", "--start", "1998")
        #expect(try alice.run("conflicts").status == 0)
    }

    @Test func relations_nameTheRelatedParty_andKeepAnUnresolvedOne() throws {
        let cli = try CLI.withParty()
        try cli.ok("set", "avkp-2", "--new", "name=AVKP-2")
        try cli.ok("claim", "avkp-2", "split_from", "ucpa", "--start", "1997", "--source", "RFE/RL")
        try cli.ok("claim", "avkp-2", "member_of", "ccl", "--start", "2002")
        let shown = try cli.ok("show", "avkp-2").stdout
        #expect(shown.contains("ucpa (United Communist Party of Azerbaijan)"))
        #expect(shown.contains("ccl (unresolved: not in this replica)"))
    }
}
