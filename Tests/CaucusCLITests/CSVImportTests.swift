import CaucusCore
@testable import CaucusCLI
import Foundation
import Testing

/// The CSV reader and `import-csv`.
@Suite struct CSVImportTests {
    @Test func csvReader_handlesQuotesLineBreaksCRLFAndBOM() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"two, with comma\",\"multi\nline \"\"quoted\"\"\"\r\n\"\",x,\n4,5,6"
        let csv = CSVReader(text: text)
        var records: [CSVReader.Record] = []
        while let r = try csv.next() { records.append(r) }
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "two, with comma", "multi\nline \"quoted\""], ["", "x", ""], ["4", "5", "6"]])
        #expect(records.map(\.line) == [1, 2, 4, 5])
    }

    @Test func csvReader_refusesAnUnterminatedQuote_withItsLine() throws {
        let csv = CSVReader(text: "a,b\n1,\"never\nends\n")
        _ = try csv.next()
        #expect(throws: CSVReader.Problem.self) { try csv.next() }
        let csv2 = CSVReader(text: "a\n\"x\"y\n")
        _ = try csv2.next()
        do { _ = try csv2.next(); Issue.record("no error") } catch let p as CSVReader.Problem { #expect(p.line == 2) }
    }

    @Test func csvReader_readsAcrossChunkBoundaries() throws {
        let text = "id,name\n" + (1...500).map { "p\($0),\"Name \($0)\nsecond line, \"\"q\"\"\"" }.joined(separator: "\n") + "\n"
        var bytes = Array(text.utf8)
        let csv = CSVReader { () -> [UInt8]? in
            if bytes.isEmpty { return nil }
            let n = min(7, bytes.count)
            defer { bytes.removeFirst(n) }
            return Array(bytes[0..<n])
        }
        var count = 0
        _ = try csv.next()
        while let r = try csv.next() {
            count += 1
            #expect(r.fields == ["p\(count)", "Name \(count)\nsecond line, \"q\""])
        }
        #expect(count == 500)
    }

    @Test func importCSV_partyFacts_loadsAll5558NonTechnicalPartiesIntact() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/partyfacts-core-parties.csv")
        let file = FileManager.default.fileExists(atPath: data.path) ? data.path : "/work/shared/data/partyfacts-core-parties.csv"
        try #require(FileManager.default.fileExists(atPath: file), "the Party Facts CSV is in ../shared/data")
        let cli = try CLI()
        try cli.ok("init", "--editor", "loader")
        // The mapping file shipped in docs/ is the one used here.
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/partyfacts.mapping")
        let mapping = try String(contentsOf: shipped, encoding: .utf8)
        try cli.write("pf.mapping", mapping)
        let r = try cli.run("import-csv", file, "--mapping", "pf.mapping", "--id-template", "pf-{partyfacts_id}",
                            "--skip-if", "technical", "--source", "Party Facts")
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("Imported 5558 parties (5558 new)"), "\(r.stderr)")
        #expect(r.stderr.contains("6854 rows read, 1296 skipped, 0 bad"))
        // 48,049 non-empty mapped cells in the non-technical rows, counted independently (Python's csv module).
        #expect(r.stderr.contains("48049 values written"), "\(r.stderr)")
        let all = try cli.ok("list", "--json").jsonLines
        #expect(all.count == 5558)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0["id"] as! String, $0["fields"] as! [String: Any]) })
        // Afghan Millat: Pashto other name, a share and a year.
        let afg = try #require(byID["pf-6641"])
        #expect(afg["name"] as? String == "Afğān Millat Gund")
        #expect(afg["name_other"] as? String == "Pashto: افغان ټولنپال ولسواک ګوند‎ / افغان ملت ګوند")
        #expect(afg["vote_share"] as? Double == 1.6)
        #expect(afg["founded"] as? Int == 1966)
        #expect(afg["abbreviation"] as? String == "SDP")
        // Every value of a multi-line cell survives.
        let multiLine = all.filter { ($0["fields"] as! [String: Any]).values.contains { ($0 as? String)?.contains("\n") == true } }
        #expect(multiLine.count >= 20)
        // Technical rows are not parties.
        #expect(byID.count == 5558)
        // Importing again changes nothing.
        let again = try cli.run("import-csv", file, "--mapping", "pf.mapping", "--id-template", "pf-{partyfacts_id}", "--skip-if", "technical")
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr.contains("0 values written"), "\(again.stderr)")
        // Search reaches the imported names in their own scripts.
        #expect(try cli.ok("search", "Azərbaycan", "Kommunist", "--json").jsonLines.count >= 1)
    }

    @Test func importCSV_reportsBadRowsWithRowNumbers_andImportsNothing() throws {
        let cli = try CLI()
        try cli.ok("init", "--editor", "e")
        try cli.write("p.csv", """
            id,name,members,founded
            ucpa,United Communist Party,7000,1993
            bad id,Broken,-1,1990
            kpd,"Kommunistische
            Partei",seven thousand,1918
            spd,SPD,,1863

            """)
        let r = try cli.run("import-csv", "p.csv", "--map", "members=membership")
        #expect(r.status == 3, "\(r)")
        #expect(r.stderr.contains("row 3 (line 3): \"bad id\" is not a valid party id"), "\(r.stderr)")
        #expect(r.stderr.contains("row 4 (line 4): column members: membership must be a whole number ≥ 0, got \"seven thousand\""), "\(r.stderr)")
        #expect(r.stderr.contains("row 3 (line 3): column members: membership must be a whole number ≥ 0, got \"-1\""), "every problem of a row")
        #expect(r.stderr.contains("2 bad rows (listed above); nothing was imported"))
        #expect(try cli.ok("list", "--json").jsonLines.isEmpty)
        let keep = try cli.run("import-csv", "p.csv", "--map", "members=membership", "--keep-going")
        #expect(keep.status == 3)
        #expect(try cli.ok("list", "--json").jsonLines.map { $0["id"] as! String } == ["spd", "ucpa"])
    }

    @Test func importCSV_idColumn_skipWhere_dryRun_andMistakes() throws {
        let cli = try CLI()
        try cli.ok("init", "--editor", "e")
        try cli.write("p.csv", "code,name,country\nA1,Alpha,AZE\nB2,Beta,GEO\n")
        expectOneLineError(try cli.run("import-csv", "p.csv"), status: 3, contains: "no id column")
        expectOneLineError(try cli.run("import-csv", "p.csv", "--id-column", "cde"), status: 4, contains: "did you mean \"code\"?")
        expectOneLineError(try cli.run("import-csv", "p.csv", "--id-column", "code", "--map", "name=nme"), status: 4, contains: "did you mean \"name\"?")
        expectOneLineError(try cli.run("import-csv", "missing.csv", "--id-column", "code"), status: 4, contains: "missing.csv: no such file")
        expectOneLineError(try cli.run("import-csv", "p.csv", "--id-column", "code", "--map", "name=name_english", "--map", "country=name_english"),
                           status: 3, contains: "columns name and country both map to name_english")
        let dry = try cli.run("import-csv", "p.csv", "--id-template", "{code}", "--dry-run")
        #expect(dry.status == 0 && dry.stderr.contains("Nothing was changed"), "\(dry)")
        // Ids from a column are checked as they are: upper case is refused, so use a template.
        #expect(try cli.run("import-csv", "p.csv", "--id-column", "code").status == 3)
        try cli.ok("import-csv", "p.csv", "--id-template", "x-{code}", "--skip-where", "country=GEO")
        #expect(try cli.ok("list", "--json").jsonLines.map { $0["id"] as! String } == ["x-a1"])
    }
}

extension CSVImportTests {
    @Test func importCSV_rowEdits_leaveOutWhatTheRecordHas_comparedInCanonicalForm() throws {
        // Given: a record with a name, one ideology, a membership, and a vote share SQLite gave back as an integer.
        let schema = PartySchema.standard
        let name = try #require(schema.field("name")), ideology = try #require(schema.field("ideology"))
        let membership = try #require(schema.field("membership")), share = try #require(schema.field("vote_share"))
        let current = RecordState(id: "p", fields: ["name": .text("A"), "membership": .integer(5000), "vote_share": .integer(8)],
                                  sets: ["ideology": [.text("Communism")]])
        let values: [(field: FieldDefinition, value: FactValue)] = [
            (name, .text("A")), (ideology, .text("Communism")), (ideology, .text("Maoism")),
            (membership, .integer(7000)), (share, try share.check(.text("8"))),
        ]
        // When: the row's edits are built against it.
        let (edits, unchanged) = Caucus.ImportCSV.RowImporter.edits(party: "p", values: values, current: current, source: "S", asOf: nil)
        // Then: only the new member and the changed membership are written.
        #expect(unchanged == 3)
        #expect(edits == [Edit(party: "p", field: "ideology", action: .add(.text("Maoism")), source: "S"),
                          Edit(party: "p", field: "membership", action: .set(.integer(7000)), source: "S")])
        // And: a party the store lacks gets every value.
        #expect(Caucus.ImportCSV.RowImporter.edits(party: "p", values: values, current: nil, source: nil, asOf: nil).edits.count == values.count)
    }
}
