import Foundation
import Testing

/// The entry points of releases, exports and reverts refuse bad input with one line naming it,
/// a non-zero exit, and the database file byte for byte as it was.
extension BadInputCommandTests {
    @Test func releasesExportsAndReverts_refuseBadInput_andLeaveTheDatabaseAsItWas() throws {
        let (db, changeset) = try setUp()
        func file(_ name: String, _ text: String) -> String {
            let path = folder.file(name)
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        let notVV = file("not.vv", "membership 7000\n")
        try expectRefusal(["dump", "--at", notVV], db: db, prefix: "\(notVV): not a version vector: the text is not JSON")
        try expectRefusal(["dump", "--at", "2024.9"], db: db, status: 4, prefix: "no release \"2024.9\"; this replica holds none")
        let other = file("other.vv", #"{"0123456789abcdef0123456789abcdef":[[1,5]]}"#)
        try expectRefusal(["diff", other], db: db, status: 4, prefix: "this replica lacks 5 operations of the version vector in \(other)")
        try expectRefusal(["release", "create", "a..b"], db: db, prefix: "\"a..b\" is not a release name")
        try expectRefusal(["compact", "--before", "2025.1"], db: db, status: 4, prefix: "no release \"2025.1\"")

        let cut = folder.file("cut.changes")
        FileManager.default.createFile(atPath: cut, contents: Data(changeset.prefix(changeset.count / 2)))
        try expectRefusal(["revert", cut], db: db, prefix: "\(cut): ")
        try expectRefusal(["revert", folder.file("alice.changes")], db: db, status: 4,
                          prefix: "this replica lacks 3 operations of the changeset \(folder.file("alice.changes"))")

        let missing = folder.file("missing.mapping")
        try expectRefusal(["export-csv", "--mapping", missing], db: db, status: 4, prefix: "\(missing): no such file")
        let badLine = file("bad.mapping", "country = country\nname_short abbreviation\n")
        try expectRefusal(["export-csv", "--mapping", badLine], db: db, prefix: "\(badLine):2: expected COLUMN=FIELD")
        let unknown = file("unknown.mapping", "family = family\n")
        try expectRefusal(["export-csv", "--mapping", unknown], db: db, status: 4, prefix: "no field \"family\" in the party schema")
        try expectRefusal(["export-csv", "--output", folder.path], db: db, prefix: "\(folder.path): is a directory")
        let plain = file("plain.txt", "x")
        try expectRefusal(["export-json", "--package", plain], db: db, prefix: "\(plain): is not a folder")
        let csv = file("p.csv", "id,name\nucpa,United Communist Party of Azerbaijan\n")
        try expectRefusal(["import-csv", csv, "--split", "name=;"], db: db, prefix: "--split name: name holds one value")
    }
}
