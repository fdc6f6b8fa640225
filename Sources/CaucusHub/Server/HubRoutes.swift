import CaucusCore
import CaucusJSON
import CaucusSync
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// The hub's endpoints, one method each (`Schema/HUB-PROTOCOL.md`, "Endpoints").
struct HubRoutes: Sendable {
    let server: HubServer
    let auth: HubAuthenticator
    let body: HubRequestBody

    private var storage: any HubStorage { server.storage }

    static let changesetType = "application/vnd.caucus.changeset"

    func health() async throws -> Response {
        guard await storage.isHealthy() else { throw HubError(.serviceUnavailable, "unavailable", "the hub's storage does not answer") }
        return json(#"{"status":"ok"}"#)
    }

    func info() -> Response {
        let identity = storage.identity
        let key = Curve25519.Signing.PrivateKey.publicHex(identity.signingKey)
        let reads = ChangesetFormatVersions.readable.map(String.init).joined(separator: ",")
        return json(#"{"protocol":1,"versions":[1],"hub":{"replica":"\#(identity.replica.id.rawValue)","editor":"\#(identity.replica.editor)","public_key":"\#(key)"},"#
                    + #""changeset_formats":{"reads":[\#(reads)],"writes":\#(ChangesetFormatVersions.written)},"#
                    + #""max_body_bytes":\#(server.limits.maxBodyBytes),"storage":"\#(storage.kind)"}"#)
    }

    func versionVector(_ request: Request) async throws -> Response {
        _ = try await authenticated(request, needs: .reader)
        let state = try await storage.state()
        return json(#"{"version_vector":\#(state.versionVector.json),"sequence":\#(state.sequence)}"#)
    }

    func push(_ request: Request) async throws -> Response {
        let (entry, digest) = try await auth.authenticate(request, needs: .writer)
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == Self.changesetType || type == "application/octet-stream" else {
            throw HubError(.unsupportedMediaType, "unsupported_media_type", "a push's body is a changeset file, sent as \(Self.changesetType)")
        }
        let path = (server.scratch as NSString).appendingPathComponent("push-\(Hex.string(digest.prefix(8)))-\(UUID().uuidString).part")
        try await body.file(of: request, at: path, digest: digest)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader: ChangesetReader
        do {
            // A push's values are checked against the definitions pushed before, as an import's are.
            reader = try ChangesetReader(path: path, named: "the pushed changeset",
                                         schema: try HubDefinitions.receivingSchema(try await storage.definitions()))
        } catch let error as ChangesetError {
            throw HubError(.badRequest, "bad_changeset", error.description)
        }
        guard reader.header.sender.publicKey == entry.key else {
            throw HubError(.forbidden, "sender_mismatch",
                           "the changeset was exported by \(reader.header.sender.editor) (replica \(reader.header.sender.id.rawValue.prefix(12))…), not by the pushing key's replica: an editor pushes their own exports")
        }
        let outcome: PushOutcome
        do {
            outcome = try await storage.store(reader, pushedBy: entry.key, digest: digest, time: server.clock())
        } catch let error as ChangesetError {
            throw HubError(.badRequest, "bad_changeset", error.description)
        }
        let held = try await storage.state().versionVector
        return json(#"{"operations":\#(outcome.operations),"added":\#(outcome.added),"already_present":\#(outcome.operations - outcome.added),"#
                    + #""sequence":\#(outcome.sequence),"version_vector":\#(held.json)}"#)
    }

    func pull(_ request: Request) async throws -> Response {
        let digest = try await authenticated(request, needs: .reader)
        let text = try await body.bytes(of: request, maxBytes: HubLimits.maxJSONBodyBytes, digest: digest)
        let (since, limit) = try Self.pullRequest(text)
        let state = try await storage.state()
        var signed: [ReplicaID: [AuthorBatch]] = [:]
        for (replica, missing) in PullPlan.missing(held: state.versionVector, since: since) {
            signed[replica] = try await storage.signedBatches(of: replica, meeting: missing)
        }
        let plan = PullPlan(held: state.versionVector, since: since, limit: limit, signed: signed)
        var headers = HTTPFields()
        headers[HTTPField.Name("Caucus-Sequence")!] = String(state.sequence)
        headers[HTTPField.Name("Caucus-Operations")!] = String(plan.count)
        headers[HTTPField.Name("Caucus-More")!] = plan.more ? "1" : "0"
        guard plan.count > 0 else { return Response(status: .noContent, headers: headers) }
        headers[.contentType] = Self.changesetType
        let identity = storage.identity
        let replicas = state.replicas.filter { $0.id != identity.replica.id } + [identity.replica]
        let time = server.clock()
        let storage = self.storage
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let pending = PendingBytes()
            var changeset = try ChangesetStreamWriter(
                key: try Curve25519.Signing.PrivateKey(rawRepresentation: identity.signingKey), sender: identity.replica,
                schemaVersion: PartySchema.standard.version, replicas: replicas, fields: state.fields,
                versionVector: state.versionVector, since: plan.since(since), operationCount: plan.count,
                batches: plan.batches, time: time,
                sink: { pending.bytes.append(contentsOf: $0) })
            for (replica, ranges) in plan.ranges {
                for range in ranges {
                    var next = range.lowerBound
                    while next <= range.upperBound {
                        let rows = try await storage.operations(of: replica, in: next...range.upperBound, limit: HubLimits.pullBatch)
                        guard let last = rows.last else { throw HubStorageError.corrupt("operations of \(replica) from \(next) are missing") }
                        for row in rows {
                            do { try changeset.append(try CanonicalOperation.decode(row.bytes)) } catch let error as CanonicalOperationError {
                                throw HubStorageError.corrupt("operation \(replica):\(row.counter): \(error)")
                            }
                        }
                        next = last.counter + 1
                        try await writer.write(ByteBuffer(bytes: pending.take()))
                    }
                }
            }
            try changeset.finish()
            try await writer.write(ByteBuffer(bytes: pending.take()))
            try await writer.finish(nil)
        })
    }

    func feed(_ request: Request) async throws -> Response {
        _ = try await authenticated(request, needs: .reader)
        let query = request.uri.queryParameters
        guard let after = query.get("after").map({ Int64($0) }) ?? 0 else { throw HubError.badRequest("after must be a sequence number") }
        guard let timeout = query.get("timeout").map({ Int($0) }) ?? HubLimits.feedTimeout.standard,
              (1...HubLimits.feedTimeout.longest).contains(timeout) else {
            throw HubError.badRequest("timeout must be 1 to \(HubLimits.feedTimeout.longest) seconds")
        }
        // A hub that is stopping answers its waiting clients at once rather than holding its
        // shutdown for a feed's whole timeout.
        let storage = self.storage
        let waiting = Task { try await storage.waitForSequence(after: after, timeout: timeout) }
        let sequence = try await withGracefulShutdownHandler { try await waiting.value } onGracefulShutdown: { waiting.cancel() }
        return json(#"{"sequence":\#(sequence)}"#)
    }

    func acknowledge(_ request: Request) async throws -> Response {
        let (entry, digest) = try await auth.authenticate(request, needs: .reader)
        let text = try await body.bytes(of: request, maxBytes: HubLimits.maxJSONBodyBytes, digest: digest)
        var replica: ReplicaID?
        var vv: VersionVector?
        try Self.readObject(text) { key, json in
            switch key {
            case "replica": replica = ReplicaID(try json.readString())
            case "version_vector": vv = try VersionVector(reading: &json)
            default: throw HubError.badRequest("an acknowledgement has no \(JSONText.quoted(key)) key")
            }
        }
        guard let replica, let vv else { throw HubError.badRequest(#"an acknowledgement is {"replica": "…32 hex…", "version_vector": {…}}"#) }
        try await storage.acknowledge(vv, replica: replica, key: entry.key, time: server.clock())
        return json(#"{"acknowledged":true}"#)
    }

    func acknowledgements(_ request: Request) async throws -> Response {
        _ = try await authenticated(request, needs: .reader)
        let acks = try await storage.acknowledgements().map { a in
            #"{"key":"\#(Hex.string(a.key))","editor":\#(JSONText.quoted(a.editor)),"replica":"\#(a.replica.rawValue)","version_vector":\#(a.versionVector.json),"time":\#(a.time)}"#
        }
        return json(#"{"acks":[\#(acks.joined(separator: ","))]}"#)
    }

    func roster(_ request: Request) async throws -> Response {
        _ = try await authenticated(request, needs: .admin)
        return json(#"{"roster":[\#(try await storage.roster().map(\.json).joined(separator: ","))]}"#)
    }

    func addToRoster(_ request: Request) async throws -> Response {
        let (_, digest) = try await auth.authenticate(request, needs: .admin)
        let text = try await body.bytes(of: request, maxBytes: HubLimits.maxJSONBodyBytes, digest: digest)
        var key: [UInt8]?, role: HubRole?, editor: String?
        try Self.readObject(text) { name, json in
            switch name {
            case "key": key = RosterEntry.publicKey(hex: try json.readString())
            case "role": role = HubRole(rawValue: try json.readString())
            case "editor": editor = try json.readString()
            default: throw HubError.badRequest("a roster entry has no \(JSONText.quoted(name)) key")
            }
        }
        guard let key, let role else {
            throw HubError.badRequest(#"a roster entry is {"key": "…64 hex…", "role": "reader|writer|admin", "editor": "…"}"#)
        }
        do {
            let entry = try await storage.addToRoster(RosterEntry(key: key, editor: editor ?? "editor", role: role, added: server.clock()))
            return json(entry.json)
        } catch let error as HubStorageError {
            guard case .keyRevoked = error else { throw error }
            throw HubError.forbidden(error.description)
        }
    }

    func revoke(_ request: Request, key text: String) async throws -> Response {
        _ = try await authenticated(request, needs: .admin)
        guard let key = RosterEntry.publicKey(hex: text), let entry = try await storage.revoke(key, time: server.clock()) else {
            throw HubError(.notFound, "not_found", "key \(text.prefix(16))… is not on this hub's roster")
        }
        return json(entry.json)
    }

    // MARK: Helpers

    /// Authenticates a request whose body must be empty, or whose body a handler reads against the digest returned.
    private func authenticated(_ request: Request, needs role: HubRole) async throws -> [UInt8] {
        let (_, digest) = try await auth.authenticate(request, needs: role)
        if request.method == .get || request.method == .delete {
            _ = try await body.bytes(of: request, maxBytes: 0, digest: digest)
        }
        return digest
    }

    private func json(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A pull request's `since` and `limit`.
    static func pullRequest(_ text: [UInt8]) throws -> (since: VersionVector, limit: Int?) {
        var since: VersionVector?
        var limit: Int?
        try readObject(text) { key, json in
            switch key {
            case "since": since = try VersionVector(reading: &json)
            case "limit":
                guard json.peek() == .number, case .integer(let n) = try json.readNumber(), (1...Int64(HubLimits.maxPullLimit)).contains(n) else {
                    throw HubError.badRequest("limit must be 1 to \(HubLimits.maxPullLimit)")
                }
                limit = Int(n)
            default: throw HubError.badRequest("a pull request has no \(JSONText.quoted(key)) key")
            }
        }
        guard let since else { throw HubError.badRequest(#"a pull request is {"since": {version vector}, "limit": n}"#) }
        return (since, limit)
    }

    /// Reads `text` as one JSON object, key by key; any JSON or version-vector problem is a 400.
    static func readObject(_ text: [UInt8], _ body: (String, inout JSONScanner) throws -> Void) throws {
        do {
            try JSONScanner.scan(text) { json in
                guard json.peek() == .object else { throw HubError.badRequest("the body must be a JSON object") }
                try json.readObject { key, json in try body(key.text, &json) }
            }
        } catch let error as JSONReadError {
            throw HubError.badRequest("the body is not JSON: \(error)")
        } catch let error as VersionVectorError {
            throw HubError.badRequest(error.description)
        }
    }
}

/// The bytes a changeset writer has handed over and the response has not yet sent.
private final class PendingBytes {
    var bytes: [UInt8] = []

    func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}

extension Curve25519.Signing.PrivateKey {
    /// The public key of the raw private key `raw`, as 64 hex digits.
    static func publicHex(_ raw: [UInt8]) -> String {
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)).map { Hex.string([UInt8]($0.publicKey.rawRepresentation)) } ?? ""
    }
}
