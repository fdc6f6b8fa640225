import Foundation
import Testing

/// External ids as Party Facts links them: `find DATASET:ID`, `show DATASET:ID`, `import-csv
/// --match` joining a second dataset's table to the records through their shared ids, and
/// `export-csv` writing the ids back.
@Suite struct ExternalIDCommandTests {
    /// Party Facts records with their ParlGov and Wikidata links, as Party Facts publishes them.
    static func partyFactsWithLinks() throws -> CLI {
        let cli = try CLI()
        try cli.ok("init", "--editor", "alice")
        try cli.ok("field", "add", "parlgov", "--type", "external-id")
        try cli.ok("field", "add", "wikidata", "--type", "external-id", "--set", "--claims")
        try cli.ok("field", "add", "family", "--type", "choice", "--choices", "communist/socialist,social democracy")
        try cli.ok("field", "add", "cabinet_n", "--type", "integer")
        try cli.write("pf.csv", """
            partyfacts_id,name,parlgov_id,wikidata_id
            6641,United Communist Party of Azerbaijan,1760,Q123
            1993,Azerbaijan Popular Front Party,1761,Q456
            2000,Musavat,,Q789

            """)
        try cli.ok("import-csv", "pf.csv", "--id-template", "pf-{partyfacts_id}", "--map", "partyfacts_id=-",
                   "--map", "parlgov_id=parlgov", "--map", "wikidata_id=wikidata")
        return cli
    }

    @Test func find_listsTheRecordsAnIdLinksTo_andShowTakesTheIdForTheParty() throws {
        let cli = try Self.partyFactsWithLinks()
        let found = try cli.ok("find", "wikidata:Q123", "--json").jsonLines
        #expect(found.count == 1 && found[0]["id"] as? String == "pf-6641" && found[0]["field"] as? String == "wikidata")
        #expect(found[0]["name"] as? String == "United Communist Party of Azerbaijan" && found[0]["primary"] as? Bool == false)
        #expect(try cli.ok("find", "parlgov:1761").stdout.contains("pf-1993"))
        #expect(try cli.ok("show", "parlgov:1760").stdout.contains("United Communist Party of Azerbaijan"))
        try cli.ok("rank", "pf-6641", "wikidata", "Q123", "preferred")
        #expect(try cli.ok("find", "wikidata:Q123", "--json").jsonLines[0]["primary"] as? Bool == true)
        expectOneLineError(try cli.run("find", "wikidata:Q999"), status: 4, contains: "no record has wikidata Q999")
        expectOneLineError(try cli.run("find", "wikidata:123"), status: 3, contains: "wikidata must be an id matching Q[1-9][0-9]*")
        expectOneLineError(try cli.run("find", "name:Musavat"), status: 3, contains: "name is not an external-id field (these are: parlgov, wikidata)")
        expectOneLineError(try cli.run("find", "wikidat:Q1"), status: 4, contains: "did you mean \"wikidata\"?")
        expectOneLineError(try cli.run("find", "Q123"), status: 3, contains: "is not DATASET:ID")
    }

    @Test func importCSVMatch_joinsASecondDatasetsRows_toTheRecordsThatHoldTheirIds() throws {
        let cli = try Self.partyFactsWithLinks()
        try cli.write("parlgov.csv", """
            party_id,party_name,family_name,cabinet_n
            1760,United Communist Party,communist/socialist,0
            1761,Popular Front,social democracy,4
            1999,Civic Solidarity,social democracy,1

            """)
        let r = try cli.ok("import-csv", "parlgov.csv", "--match", "parlgov", "--id-template", "pg-{party_id}",
                           "--map", "party_id=parlgov", "--map", "party_name=name_other", "--map", "family_name=family")
        #expect(r.stderr.contains("Imported 3 parties (1 new)"), "\(r.stderr)")
        let dump = try cli.ok("dump").stdout
        #expect(dump.contains(#"{"id":"pf-6641","deleted":false,"fields":{"cabinet_n":0,"family":"communist/socialist","name":"United Communist Party of Azerbaijan","name_other":"United Communist Party","parlgov":"1760","wikidata":["Q123"]}"#), "\(dump)")
        #expect(dump.contains(#"{"id":"pg-1999","deleted":false,"fields":{"cabinet_n":1,"family":"social democracy","name_other":"Civic Solidarity","parlgov":"1999"}"#), "\(dump)")
        #expect(!dump.contains("pg-1760") && !dump.contains("pg-1761"))

        // Without an id to make one, a row that matches no record is a bad row.
        try cli.write("more.csv", "party_id,cabinet_n\n1760,1\n4242,2\n")
        let strict = try cli.run("import-csv", "more.csv", "--match", "parlgov", "--map", "party_id=parlgov")
        #expect(strict.status == 3 && strict.stderr.contains("row 3 (line 3): no record has parlgov 4242"), "\(strict.stderr)")
        expectOneLineError(try cli.run("import-csv", "more.csv", "--match", "family", "--map", "party_id=parlgov"), status: 3,
                           contains: "family is not an external-id field")
        expectOneLineError(try cli.run("import-csv", "more.csv", "--match", "wikidata", "--map", "party_id=parlgov"), status: 3,
                           contains: "no column maps to wikidata")
    }

    @Test func exportCSV_writesTheIdsBack_soImportCSVOfTheExportChangesNothing() throws {
        let cli = try Self.partyFactsWithLinks()
        try cli.write("links.mapping", "partyfacts_id = id:pf-{}\nname = name\nparlgov_id = parlgov\nwikidata_id = wikidata\n")
        try cli.ok("export-csv", "--mapping", "links.mapping", "--output", "out.csv")
        let csv = try String(contentsOfFile: cli.path("out.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("partyfacts_id,name,parlgov_id,wikidata_id\n"), "\(csv)")
        #expect(csv.contains("6641,United Communist Party of Azerbaijan,1760,Q123"), "\(csv)")
        let before = try cli.ok("dump").stdout
        let again = try cli.ok("import-csv", "out.csv", "--mapping", "links.mapping")
        #expect(again.stderr.contains("0 values written"), "\(again.stderr)")
        #expect(try cli.ok("dump").stdout == before)
    }

    @Test func aRecordNamedByAnIdInAnotherDataset_isEditedAndReadAsByItsOwnId() throws {
        let cli = try Self.partyFactsWithLinks()
        try cli.ok("claim", "wikidata:Q123", "leader", "Sayad Sayadov", "--source", "Justice Ministry register")
        try cli.ok("add", "parlgov:1761", "ideology", "Pan-Turkism")
        try cli.ok("set", "parlgov:1761", "founded", "1989")
        expectOneLineError(try cli.run("set", "parlgov:1761", "--new", "name=X"), status: 3, contains: "is not a valid party id")
        try cli.ok("clear", "wikidata:Q789", "wikidata")
        let dump = try cli.ok("dump").stdout
        #expect(dump.contains(#""leader":"Sayad Sayadov""#) && dump.contains(#""ideology":["Pan-Turkism"]"#), "\(dump)")
        #expect(dump.contains(#"{"id":"pf-1993","deleted":false,"fields":{"founded":1989,"#), "\(dump)")
        #expect(try cli.ok("history", "parlgov:1760", "leader").stdout.contains("Sayad Sayadov"))
        expectOneLineError(try cli.run("delete", "parlgov:4242"), status: 4, contains: "no record has parlgov 4242")
    }
}
