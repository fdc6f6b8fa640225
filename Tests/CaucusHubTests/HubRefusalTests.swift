@testable import CaucusSync
import CaucusCore
import CaucusHub
import Crypto
import Foundation
import Testing

/// Every refusal of `Schema/HUB-PROTOCOL.md`: the status, the code, and nothing stored.
@Suite struct HubRefusalTests {
    /// Sends a request signed by `editor` (``HubHarness/signed(_:_:_:body:contentType:signedTarget:time:digest:replaying:)``)
    /// and returns its status, its error code, and the headers it carried.
    func send(_ hub: HubHarness, _ editor: Editor, method: String = "GET", target: String = "/v1/version-vector",
              body: [UInt8] = [], signedTarget: String? = nil, time: Int64? = nil, digest: [UInt8]? = nil,
              headers replay: [(String, String)]? = nil, contentType: String? = nil) async throws -> (Int, String, [(String, String)]) {
        let (response, headers) = try await hub.signed(editor, method, target, body: body, contentType: contentType,
                                                       signedTarget: signedTarget, time: time, digest: digest, replaying: replay)
        var code = ""
        if case .object(let o)? = try? JSONScanner.value(of: response.body), case .object(let e)? = o["error"], case .string(let c)? = e["code"] { code = c }
        return (response.status, code, headers)
    }

    @Test func aRequestWithoutSignatureHeaders_is401Unauthenticated() async throws {
        try await HubHarness.with { hub in
            let response = try await blocking { try hub.exchange.send(method: "GET", target: "/v1/version-vector", headers: []) }
            #expect(response.status == 401)
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"unauthenticated""#))
        }
    }

    @Test func aRequestTooFarFromTheHubsClock_is401Stale() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let (status, code, _) = try await send(hub, alice, time: hub.clock.now() - HubLimits.clockWindow - 5)
            #expect(status == 401 && code == "stale_request")
        }
    }

    @Test func aSignatureOverAnotherTarget_is401BadSignature() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let (status, code, _) = try await send(hub, alice, target: "/v1/acks", signedTarget: "/v1/version-vector")
            #expect(status == 401 && code == "bad_signature")
        }
    }

    @Test func aReplayedRequest_is401Replayed() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let (first, _, headers) = try await send(hub, alice)
            #expect(first == 200)
            let (status, code, _) = try await send(hub, alice, headers: headers)
            #expect(status == 401 && code == "replayed_request")
        }
    }

    @Test func aKeyNotOnTheRoster_isRefused403_andNothingIsStored() async throws {
        try await HubHarness.with { hub in
            let mallory = try await hub.editor("mallory", role: nil)
            try mallory.set("ucpa", "leader", .text("Mallory"))
            try await expectRefusal(403, "not_on_roster") { _ = try mallory.sync(hub.url).push(time: 1) }
            let file = hub.directory + "/mallory.caucus-changes"
            _ = try ChangesetWriter.export(from: mallory.store, since: nil, to: file, time: 1)
            try await expectRefusal(403, "not_on_roster") { _ = try mallory.client(hub.url).push(file: file) }
            #expect(try await hub.storage.state().sequence == 0)
        }
    }

    @Test func aRevokedKey_isRefused403() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            _ = try await hub.storage.revoke(alice.publicKey, time: hub.clock.now())
            try alice.set("ucpa", "leader", .text("Sayad Sayadov"))
            try await expectRefusal(403, "revoked_key") { _ = try alice.sync(hub.url).push(time: 1) }
            await #expect(throws: HubStorageError.keyRevoked(Hex.string(alice.publicKey))) {
                _ = try await hub.storage.addToRoster(RosterEntry(key: alice.publicKey, editor: "alice", role: .writer, added: 1))
            }
        }
    }

    @Test func aReaderPushing_isRefused403_andNothingIsStored() async throws {
        try await HubHarness.with { hub in
            let bob = try await hub.editor("bob", role: .reader)
            try bob.set("ucpa", "leader", .text("Ramiz Ahmadov"))
            try await expectRefusal(403, "reader_cannot_push") { _ = try bob.sync(hub.url).push(time: 1) }
            #expect(try await hub.storage.state().versionVector.operationCount == 0)
        }
    }

    @Test func theRosterAPI_needsAnAdmin_andAddsAndRevokes() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer), root = try await hub.editor("root", role: .admin)
            let (refused, code, _) = try await send(hub, alice, target: "/v1/roster")
            #expect(refused == 403 && code == "forbidden")
            let carol = try Editor("carol", in: hub.directory)
            let entry = Array(#"{"key":"\#(Hex.string(carol.publicKey))","role":"reader","editor":"carol"}"#.utf8)
            let (added, _, _) = try await send(hub, root, method: "POST", target: "/v1/roster", body: entry, contentType: "application/json")
            #expect(added == 200)
            #expect(try await hub.storage.rosterEntry(for: carol.publicKey)?.role == .reader)
            let (revoked, _, _) = try await send(hub, root, method: "DELETE", target: "/v1/roster/\(Hex.string(carol.publicKey))")
            #expect(revoked == 200)
            #expect(try await hub.storage.rosterEntry(for: carol.publicKey)?.revoked != nil)
            let stranger = try Editor("dave", in: hub.directory)
            let (missing, missingCode, _) = try await send(hub, root, method: "DELETE", target: "/v1/roster/\(Hex.string(stranger.publicKey))")
            #expect(missing == 404 && missingCode == "not_found")
        }
    }

    @Test func aBodyThatIsNotTheSignedOne_is400BodyMismatch() async throws {
        try await HubHarness.with { hub in
            let bob = try await hub.editor("bob", role: .reader)
            let (status, code, _) = try await send(hub, bob, method: "POST", target: "/v1/pull", body: Array(#"{"since":{}}"#.utf8),
                                                   digest: HubRequestSignature.emptyBodyDigest, contentType: "application/json")
            #expect(status == 400 && code == "body_mismatch")
        }
    }

    @Test func aMalformedPullRequest_is400() async throws {
        try await HubHarness.with { hub in
            let bob = try await hub.editor("bob", role: .reader)
            for text in [#"{"since":[]}"#, #"{"since":{},"limit":0}"#, #"{"sinse":{}}"#, "not json", #"{"since":{"zz":[[1,2]]}}"#] {
                let (status, code, _) = try await send(hub, bob, method: "POST", target: "/v1/pull", body: Array(text.utf8), contentType: "application/json")
                #expect(status == 400 && code == "bad_request", "\(text)")
            }
        }
    }

    /// Garbage, a cut file, a file with a flipped byte, and a file exported by another editor: each a 4xx, each storing nothing.
    @Test func corruptTruncatedForgedAndForeignChangesets_areRefused_andChangeNothing() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let bob = try Editor("bob", in: hub.directory)
            try alice.set("ucpa", "founded", .integer(1993))
            try bob.set("ucpa", "founded", .integer(1994))
            let good = hub.directory + "/alice.caucus-changes", foreign = hub.directory + "/bob.caucus-changes"
            _ = try ChangesetWriter.export(from: alice.store, since: nil, to: good, time: 1)
            _ = try ChangesetWriter.export(from: bob.store, since: nil, to: foreign, time: 1)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))
            var flipped = bytes
            flipped[bytes.count / 2] ^= 0x40
            let cases: [(String, [UInt8], Int, String)] = [
                ("garbage", Array("name,founded\nucpa,1993\n".utf8), 400, "bad_changeset"),
                ("truncated", Array(bytes.prefix(bytes.count - 30)), 400, "bad_changeset"),
                ("flipped", flipped, 400, "bad_changeset"),
                ("foreign", try [UInt8](Data(contentsOf: URL(fileURLWithPath: foreign))), 403, "sender_mismatch"),
            ]
            for (name, body, status, code) in cases {
                let (s, c, _) = try await send(hub, alice, method: "POST", target: "/v1/changesets", body: body,
                                               contentType: "application/vnd.caucus.changeset")
                #expect(s == status && c == code, "\(name): \(s) \(c)")
            }
            let state = try await hub.storage.state()
            #expect(state.sequence == 0 && state.versionVector.operationCount == 0)
            #expect(try await hub.storage.state().replicas.isEmpty)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: hub.directory).filter { $0.hasSuffix(".part") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aBodyLargerThanTheLimit_is413() async throws {
        try await HubHarness.with(limits: HubLimits(maxBodyBytes: 1000)) { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let (status, code, _) = try await send(hub, alice, method: "POST", target: "/v1/changesets", body: [UInt8](repeating: 7, count: 5000),
                                                   contentType: "application/vnd.caucus.changeset")
            #expect(status == 413 && code == "body_too_large")
        }
    }

    @Test func aPushOfAnotherMediaType_is415() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            let (status, code, _) = try await send(hub, alice, method: "POST", target: "/v1/changesets", body: [1, 2, 3], contentType: "text/csv")
            #expect(status == 415 && code == "unsupported_media_type")
        }
    }
}
