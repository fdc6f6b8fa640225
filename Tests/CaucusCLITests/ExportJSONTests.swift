import Foundation
import Testing

/// `export-json`: JSON Lines of the export-csv table, typed, and the Frictionless Data Package.
@Suite struct ExportJSONTests {
    @Test func eachLine_isOneParty_withTheColumnsAsTypedValues() throws {
        let (alice, _) = try SyncCommandTests.twoEditorsInConflict()
        try alice.ok("add", "ucpa", "ideology", "Communism")
        let lines = try alice.ok("export-json").jsonLines
        #expect(lines.count == 1)
        let ucpa = lines[0]
        #expect(ucpa["id"] as? String == "ucpa" && ucpa["founded"] as? Int == 1993 && ucpa["ideology"] as? [String] == ["Communism"])
        #expect((ucpa["membership"] as? [String: Any])?["conflict"] as? [Int] == [5000, 7000])
        #expect(ucpa["leader"] is NSNull)
        let omitted = try alice.ok("export-json", "--conflicts", "omit").jsonLines[0]
        #expect(omitted["membership"] is NSNull)
        let sourced = try alice.ok("export-json", "--with-sources").jsonLines[0]
        #expect(sourced["founded_source"] as? [String] == ["registration file"])
    }

    @Test func aPackage_holdsTheTable_itsSchema_andAReadmeNamingTheRelease_theSameOnEveryReplica() throws {
        let (alice, bob) = try ReleaseCommandTests.releasedAndEditedOn()
        try alice.ok("export-json", "--package", "pkg", "--at", "2025.1")
        try bob.ok("export-json", "--package", "pkg", "--at", "2025.1")
        for name in ["datapackage.json", "parties.csv", "README.md"] {
            let a = try String(contentsOfFile: alice.path("pkg/" + name), encoding: .utf8)
            #expect(a == (try String(contentsOfFile: bob.path("pkg/" + name), encoding: .utf8)), "\(name)")
        }
        let descriptor = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: alice.path("pkg/datapackage.json")))) as! [String: Any]
        #expect(descriptor["profile"] as? String == "tabular-data-package" && descriptor["version"] as? String == "2025.1")
        let resource = (descriptor["resources"] as! [[String: Any]])[0]
        let schema = resource["schema"] as! [String: Any]
        let fields = schema["fields"] as! [[String: Any]]
        #expect(schema["primaryKey"] as? [String] == ["id"])
        let membership = fields.first { $0["name"] as? String == "membership" }!
        #expect(membership["type"] as? String == "integer" && (membership["constraints"] as? [String: Any])?["minimum"] as? Int == 0)
        let csvHeader = try String(contentsOfFile: alice.path("pkg/parties.csv"), encoding: .utf8).split(separator: "\n")[0]
        #expect(fields.map { $0["name"] as! String }.joined(separator: ",") == csvHeader)
        let readme = try String(contentsOfFile: alice.path("pkg/README.md"), encoding: .utf8)
        #expect(readme.contains("release 2025.1, made by alice") && readme.contains("the January release")
                && readme.contains("Editors: alice (5 operations)") && readme.contains("Version vector (the 5 operations"))
        let joined = try alice.run("export-json", "--package", "pkg2", "--conflicts", "join")
        #expect(joined.status == 3 && joined.stderr.contains("typed columns"))
    }
}
