import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// Election results travel as object values (value tag 4, format version 2): the same object
/// arrives, and a file that carries one where its version has none, or not in its canonical
/// text, or one that fails the schema, is refused whole.
@Suite struct ElectionResultSyncTests {
    let folder = ScratchFolder("caucus-election-result")

    static let claimLine = #"""
        {"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2},"source":"CEC protocol"}
        """#
    static let canonical = #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#

    @Test func anElectionResult_roundTripsBetweenTwoStores_asTheSameObject() throws {
        // Given: Alice claims the result, and a national one beside it.
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [
            Self.claimLine,
            #"{"op":"claim","party":"ucpa","field":"election_result","value":{"election":"parliamentary","date":"2010-11","constituency":"national","share":2,"seats":0}}"#,
        ])
        let path = folder.file("alice.caucus-changes")
        try Replica.export(alice, to: path)

        // When: Bob imports her changeset.
        let read = try ChangesetForge.decode(path).operations
        let bob = try Replica.make("bob")
        #expect(try Replica.import(path, into: bob).added == 2)

        // Then: the file carries the objects, and both dumps hold them in canonical form.
        #expect(read.compactMap(\.value).map(\.json).sorted() == [
            #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#,
            #"{"constituency":"national","date":"2010-11","election":"parliamentary","seats":0,"share":2.0}"#,
        ])
        let dump = try Replica.dump(bob)
        #expect(dump == (try Replica.dump(alice)))
        #expect(dump.count == 1 && dump[0].contains(#""election_result":[\#(Self.canonical),"#), "\(dump)")
    }

    /// Carol's election-result claim and her changeset's parts, for forging.
    func carolsResult() throws -> (ops: [FactOperation], header: ChangesetHeader, carol: PartyStore) {
        let carol = try Replica.make("carol")
        try Replica.edit(carol, [Self.claimLine])
        let path = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: path)
        let (header, ops) = try ChangesetForge.decode(path)
        return (ops, header, carol)
    }

    /// Writes a changeset of `version` with `body` as carol signs it.
    func forged(_ name: String, version: UInt8 = ChangesetFormat.version, header: ChangesetHeader, body: [UInt8], carol: PartyStore) throws -> String {
        let key = try SigningIdentity.privateKey(of: carol)
        var header = header
        header.sender.publicKey = [UInt8](key.publicKey.rawRepresentation)
        return ChangesetForge.write(try ChangesetForge.assemble(version: version, headerBytes: header.encoded(version: version), rawBody: body, signedBy: key),
                                    to: folder.file(name))
    }

    /// Imports `path` into a fresh replica, which must refuse it as malformed; the error's detail.
    func refusal(_ path: String) throws -> String? {
        let bob = try Replica.make("bob")
        let before = try Replica.snapshot(bob)
        defer { #expect((try? Replica.snapshot(bob)) == before) }
        do {
            try Replica.import(path, into: bob)
        } catch ChangesetError.malformed(_, _, let detail) {
            return detail
        }
        Issue.record("\(path) was accepted")
        return nil
    }

    @Test func anObjectValue_inAVersion1File_isRefusedAsMalformed() throws {
        let (ops, header, carol) = try carolsResult()
        let body = ChangesetForge.rawBody(header, ops)
        let v2 = try forged("v2", header: header, body: body, carol: carol)
        #expect(try Replica.import(v2, into: try Replica.make("bob")).added == 1)

        let v1 = try forged("v1", version: 1, header: header, body: body, carol: carol)
        #expect(try refusal(v1) == "unknown value type 4")
    }

    @Test func anObjectValue_notInItsCanonicalText_isRefused() throws {
        // The same object with two members swapped: as long, so only the text inside the string changes.
        let (ops, header, carol) = try carolsResult()
        let body = ChangesetForge.rawBody(header, ops)
        let canonical = Array(#""place":2,"share":8.3"#.utf8), swapped = Array(#""share":8.3,"place":2"#.utf8)
        let at = try #require(body.indices.first { body[$0...].starts(with: canonical) })
        var forgedBody = body
        forgedBody.replaceSubrange(at..<at + canonical.count, with: swapped)
        let detail = try refusal(try forged("swapped", header: header, body: forgedBody, carol: carol))
        #expect(detail?.hasPrefix("an object value not in its canonical form") == true, "\(detail ?? "")")
    }

    @Test func anObjectValue_thatFailsTheSchema_isRefused_namingTheMember() throws {
        var (ops, header, carol) = try carolsResult()
        ops[0].value = .object(FactObject([("election", .text("2005 parliamentary")), ("year", .integer(2005)),
                                           ("constituency", .text("District 12")), ("share", .real(108.3))])!)
        let detail = try refusal(try forged("share", header: header, body: ChangesetForge.rawBody(header, ops), carol: carol))
        #expect(detail?.hasSuffix(#"election_result: "share" must be a number from 0 to 100, got 108.3"#) == true, "\(detail ?? "")")
    }

    @Test func anObjectValue_onAFieldOfAnotherType_isRefused() throws {
        var (ops, header, carol) = try carolsResult()
        ops[0].field = "ideology"
        header.fields = ["ideology"]
        let detail = try refusal(try forged("ideology", header: header, body: ChangesetForge.rawBody(header, ops), carol: carol))
        #expect(detail?.contains("ideology must be non-empty text") == true, "\(detail ?? "")")
    }
}
