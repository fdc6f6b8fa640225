import CaucusCore
import Crypto
import Foundation

/// A client of a hub (`Schema/HUB-PROTOCOL.md`): each method is one signed request.
///
/// ```swift
/// let client = try HubClient(url: "http://127.0.0.1:8080", key: key)
/// let (held, sequence) = try client.versionVector()
/// ```
public struct HubClient {
    /// The hub.
    public let url: HubURL
    private let key: Curve25519.Signing.PrivateKey
    /// Seconds of silence before a request is given up.
    public let timeout: Int

    /// A client of the hub at `url`, signing with `key`.
    ///
    /// - Throws: ``HubClientError/invalidURL(_:reason:)``.
    public init(url: String, key: Curve25519.Signing.PrivateKey, timeout: Int = 30) throws {
        self.url = try HubURL(url)
        self.key = key
        self.timeout = timeout
    }

    /// What `GET /v1/info` says of the hub.
    public struct Info: Sendable, Equatable {
        /// The hub's replica (the sender of what it sends).
        public var replica: ReplicaInfo
        /// The hub's public key, 64 hex digits.
        public var publicKey: String
        /// The protocol versions it speaks.
        public var versions: [Int]
        /// `sqlite` or `postgres`.
        public var storage: String
    }

    /// What a push stored.
    public struct PushAnswer: Sendable, Equatable {
        /// Operations in the file.
        public var operations: Int
        /// Operations new to the hub.
        public var added: Int
        /// The hub's sequence after the push.
        public var sequence: Int64
    }

    /// What a pull received.
    public struct PullAnswer: Sendable, Equatable {
        /// Operations in the changeset received (0 when the client lacked nothing).
        public var operations: Int
        /// Whether the hub holds more that the client lacks: pull again.
        public var more: Bool
        /// The hub's sequence the answer reflects.
        public var sequence: Int64
    }

    /// The hub's identity and versions.
    public func info() throws -> Info {
        let response = try exchange().send(method: "GET", target: "/v1/info", headers: [])
        guard response.status == 200 else { throw refusal(response) }
        guard case .object(let o)? = try? JSONScanner.value(of: response.body),
              case .object(let hub)? = o["hub"], case .string(let id)? = hub["replica"], let replica = ReplicaID(id),
              case .string(let editor)? = hub["editor"], case .string(let publicKey)? = hub["public_key"],
              case .array(let versions)? = o["versions"], case .string(let storage)? = o["storage"] else {
            throw HubClientError.badResponse(url.description, "GET /v1/info did not answer a hub's info")
        }
        return Info(replica: ReplicaInfo(id: replica, editor: editor), publicKey: publicKey,
                    versions: versions.compactMap { if case .integer(let v) = $0 { Int(v) } else { nil } }, storage: storage)
    }

    /// What the hub holds, and its sequence.
    public func versionVector() throws -> (versionVector: VersionVector, sequence: Int64) {
        let response = try signed("GET", "/v1/version-vector")
        var held: VersionVector?
        var sequence: Int64?
        try readObject(response.body, "GET /v1/version-vector") { key, json in
            switch key {
            case "version_vector": held = try VersionVector(reading: &json)
            case "sequence": if case .integer(let n) = try json.readNumber() { sequence = n }
            default: _ = try json.readValue()
            }
        }
        guard let held, let sequence else { throw HubClientError.badResponse(url.description, "GET /v1/version-vector lacks its keys") }
        return (held, sequence)
    }

    /// Pushes the changeset file at `path`.
    public func push(file path: String) throws -> PushAnswer {
        let digest = try Self.digest(ofFile: path)
        let response = try signed("POST", "/v1/changesets", digest: digest, bodyFile: path,
                                  extra: [("Content-Type", "application/vnd.caucus.changeset")])
        guard case .object(let o)? = try? JSONScanner.value(of: response.body),
              case .integer(let operations)? = o["operations"], case .integer(let added)? = o["added"],
              case .integer(let sequence)? = o["sequence"] else {
            throw HubClientError.badResponse(url.description, "POST /v1/changesets did not answer a push's outcome")
        }
        return PushAnswer(operations: Int(operations), added: Int(added), sequence: sequence)
    }

    /// Pulls what `since` lacks, at most `limit` operations, into a new changeset file at `path`;
    /// `progress` hears the bytes received so far. When `operations` is 0, no file is written.
    public func pull(since: VersionVector, limit: Int?, into path: String, progress: @escaping (Int) -> Void = { _ in }) throws -> PullAnswer {
        let body = Array(#"{"since":\#(since.json)\#(limit.map { #","limit":\#($0)"# } ?? "")}"#.utf8)
        let response = try signed("POST", "/v1/pull", body: body, extra: [("Content-Type", "application/json")],
                                  sink: .file(path, progress: progress))
        guard let sequence = response.headers["caucus-sequence"].flatMap(Int64.init),
              let operations = response.headers["caucus-operations"].flatMap(Int.init) else {
            throw HubClientError.badResponse(url.description, "POST /v1/pull lacks its Caucus-Sequence and Caucus-Operations headers")
        }
        return PullAnswer(operations: response.status == 204 ? 0 : operations, more: response.headers["caucus-more"] == "1", sequence: sequence)
    }

    /// Waits on the feed until the hub's sequence is above `after`, or `timeout` seconds pass; the sequence then.
    public func feed(after: Int64, timeout: Int) throws -> Int64 {
        let response = try signed("GET", "/v1/feed?after=\(after)&timeout=\(timeout)", wait: timeout)
        guard case .object(let o)? = try? JSONScanner.value(of: response.body), case .integer(let sequence)? = o["sequence"] else {
            throw HubClientError.badResponse(url.description, "GET /v1/feed did not answer a sequence")
        }
        return sequence
    }

    /// Tells the hub what `replica` holds.
    public func acknowledge(_ versionVector: VersionVector, replica: ReplicaID) throws {
        let body = Array(#"{"replica":"\#(replica.rawValue)","version_vector":\#(versionVector.json)}"#.utf8)
        _ = try signed("PUT", "/v1/acks", body: body, extra: [("Content-Type", "application/json")])
    }

    // MARK: Requests

    private func exchange(wait: Int = 0) -> HTTPExchange { HTTPExchange(url: url, timeout: timeout + wait) }

    /// Sends a signed request and returns a 2xx answer; any other is a ``HubClientError/refused(_:status:code:message:)``.
    private func signed(_ method: String, _ target: String, body: [UInt8] = [], digest: [UInt8]? = nil, bodyFile: String? = nil,
                        extra: [(String, String)] = [], wait: Int = 0, sink: HTTPExchange.BodySink = .memory(max: 16 << 20)) throws -> HTTPExchange.Response {
        let bodyDigest = digest ?? [UInt8](SHA256.hash(data: body))
        let signature = try HubRequestSignature.sign(method: method, target: target, bodyDigest: bodyDigest, key: key,
                                                     time: Int64(Date().timeIntervalSince1970))
        let response = try exchange(wait: wait).send(method: method, target: target, headers: signature.headers.map { ($0.name, $0.value) } + extra,
                                                     body: body, bodyFile: bodyFile, sink: sink)
        guard (200..<300).contains(response.status) else { throw refusal(response) }
        return response
    }

    private func refusal(_ response: HTTPExchange.Response) -> HubClientError {
        if case .object(let o)? = try? JSONScanner.value(of: response.body), case .object(let e)? = o["error"],
           case .string(let code)? = e["code"], case .string(let message)? = e["message"] {
            return .refused(url.description, status: response.status, code: code, message: message)
        }
        return .badResponse(url.description, "HTTP status \(response.status) without a hub's JSON error")
    }

    private func readObject(_ body: [UInt8], _ what: String, _ read: (String, inout JSONScanner) throws -> Void) throws {
        do {
            try JSONScanner.scan(body) { json in try json.readObject { key, json in try read(key.text, &json) } }
        } catch is JSONReadError {
            throw HubClientError.badResponse(url.description, "\(what) did not answer JSON")
        } catch is VersionVectorError {
            throw HubClientError.badResponse(url.description, "\(what) did not answer a version vector")
        }
    }

    private static func digest(ofFile path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HubClientError.cannotReadFile(path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return [UInt8](hasher.finalize())
    }
}
