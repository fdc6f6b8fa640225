@testable import CaucusSync
import CaucusCore
import CaucusHub
import CaucusJSON
import Foundation
import Testing

/// The server against `Schema/hub-openapi.json`: every answer of a session that calls every
/// operation, successes and refusals, has a documented status, its documented headers, and a
/// JSON body the documented schema accepts.
@Suite struct HubOpenAPITests {
    static let document: JSONValue = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schema/hub-openapi.json").path
        return try! JSONScanner.value(of: Array(FileManager.default.contents(atPath: path)!))
    }()

    @Test func everyAnswerOfASessionThatCallsEveryOperation_isDocumented() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .reader)
            let root = try await hub.editor("root", role: .admin)
            try alice.set("ucpa", "founded", .integer(1993))
            let file = hub.directory + "/alice.caucus-changes"
            _ = try ChangesetWriter.export(from: alice.store, since: nil, to: file, time: 1)
            let changeset = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let carol = try Editor("carol", in: hub.directory)
            let rosterBody = Array(#"{"key":"\#(Hex.string(carol.publicKey))","role":"reader","editor":"carol"}"#.utf8)
            let ackBody = Array(#"{"replica":"\#(bob.store.localReplica.id.rawValue)","version_vector":{}}"#.utf8)
            let changesetType = "application/vnd.caucus.changeset", json = "application/json"

            var answers: [(String, String, HTTPExchange.Response)] = []
            func record(_ method: String, _ path: String, _ response: HTTPExchange.Response) { answers.append((method, path, response)) }
            let exchange = hub.exchange
            record("get", "/health", try await blocking { try exchange.send(method: "GET", target: "/health", headers: []) })
            record("get", "/v1/info", try await blocking { try exchange.send(method: "GET", target: "/v1/info", headers: []) })
            record("get", "/v1/version-vector", try await blocking { try exchange.send(method: "GET", target: "/v1/version-vector", headers: []) })
            record("get", "/v1/version-vector", try await hub.signed(bob, "GET", "/v1/version-vector").response)
            record("post", "/v1/changesets", try await hub.signed(bob, "POST", "/v1/changesets", body: changeset, contentType: changesetType).response)
            record("post", "/v1/changesets", try await hub.signed(alice, "POST", "/v1/changesets", body: Array(changeset.dropLast(9)), contentType: changesetType).response)
            record("post", "/v1/changesets", try await hub.signed(alice, "POST", "/v1/changesets", body: changeset, contentType: "text/plain").response)
            record("post", "/v1/changesets", try await hub.signed(alice, "POST", "/v1/changesets", body: changeset, contentType: changesetType).response)
            record("post", "/v1/pull", try await hub.signed(bob, "POST", "/v1/pull", body: Array(#"{"since":{}}"#.utf8), contentType: json).response)
            record("post", "/v1/pull", try await hub.signed(bob, "POST", "/v1/pull", body: Array(#"{"since":{},"limit":0}"#.utf8), contentType: json).response)
            let all = try await hub.storage.state().versionVector.json
            record("post", "/v1/pull", try await hub.signed(bob, "POST", "/v1/pull", body: Array(#"{"since":\#(all)}"#.utf8), contentType: json).response)
            record("get", "/v1/feed", try await hub.signed(bob, "GET", "/v1/feed?after=0&timeout=1").response)
            record("get", "/v1/feed", try await hub.signed(bob, "GET", "/v1/feed?after=1&timeout=1").response)
            record("get", "/v1/feed", try await hub.signed(bob, "GET", "/v1/feed?timeout=99").response)
            record("put", "/v1/acks", try await hub.signed(bob, "PUT", "/v1/acks", body: ackBody, contentType: json).response)
            record("put", "/v1/acks", try await hub.signed(bob, "PUT", "/v1/acks", body: Array("{}".utf8), contentType: json).response)
            record("get", "/v1/acks", try await hub.signed(bob, "GET", "/v1/acks").response)
            record("get", "/v1/roster", try await hub.signed(bob, "GET", "/v1/roster").response)
            record("get", "/v1/roster", try await hub.signed(root, "GET", "/v1/roster").response)
            record("post", "/v1/roster", try await hub.signed(root, "POST", "/v1/roster", body: rosterBody, contentType: json).response)
            record("delete", "/v1/roster/{key}", try await hub.signed(root, "DELETE", "/v1/roster/\(Hex.string(carol.publicKey))").response)
            record("delete", "/v1/roster/{key}", try await hub.signed(root, "DELETE", "/v1/roster/\(String(repeating: "0", count: 64))").response)

            #expect(Set(answers.map(\.2.status)).isSuperset(of: [200, 204, 400, 401, 403, 404, 415]))
            for (method, path, response) in answers {
                for problem in Self.problems(method: method, path: path, response) {
                    Issue.record("\(method.uppercased()) \(path) → \(response.status): \(problem)")
                }
            }
            let documented = Set(Self.operations.map { "\($0.method) \($0.path)" })
            #expect(documented == Set(answers.map { "\($0.0) \($0.1)" }), "the session calls every documented operation, and only those")
        }
    }

    static var operations: [(method: String, path: String)] {
        guard case .object(let paths)? = field(document, "paths") else { return [] }
        return paths.flatMap { path, item -> [(String, String)] in
            guard case .object(let methods) = item else { return [] }
            return methods.keys.filter { ["get", "post", "put", "delete"].contains($0) }.map { ($0, path) }
        }
    }

    /// What is wrong with `response` against the document's answer for the operation.
    static func problems(method: String, path: String, _ response: HTTPExchange.Response) -> [String] {
        guard let operation = field(document, "paths", path, method) else { return ["the operation is not documented"] }
        guard let documented = field(operation, "responses", String(response.status)).map(resolve) else { return ["the status is not documented"] }
        var problems: [String] = []
        if case .object(let headers)? = field(documented, "headers") {
            for name in headers.keys where response.headers[name.lowercased()] == nil { problems.append("header \(name) is missing") }
        }
        guard case .object(let content)? = field(documented, "content") else {
            if !response.body.isEmpty { problems.append("a body where none is documented") }
            return problems
        }
        let type = response.headers["content-type"] ?? ""
        guard let media = content[type] else { return problems + ["content type \(type) is not documented"] }
        if type == "application/json", let schema = field(media, "schema") {
            guard let body = try? JSONScanner.value(of: response.body) else { return problems + ["the body is not JSON"] }
            problems += validate(body, against: schema, at: "body")
        }
        return problems
    }

    /// The subset of JSON Schema the document uses.
    static func validate(_ value: JSONValue, against schemaValue: JSONValue, at path: String) -> [String] {
        let schema = resolve(schemaValue)
        guard case .object(let s) = schema else { return [] }
        var problems: [String] = []
        if case .array(let parts)? = s["allOf"] { for part in parts { problems += validate(value, against: part, at: path) } }
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: allowed = []
            }
            let actual: String
            switch value {
            case .object: actual = "object"
            case .array: actual = "array"
            case .string: actual = "string"
            case .integer: actual = "integer"
            case .real: actual = "number"
            case .bool: actual = "boolean"
            case .null: actual = "null"
            }
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                return problems + ["\(path) is \(actual), not \(allowed.joined(separator: " or "))"]
            }
        }
        if case .array(let options)? = s["enum"], !options.contains(value) { problems.append("\(path) is not one of its enum") }
        if let constant = s["const"], constant != value { problems.append("\(path) is not its const") }
        if case .string(let text) = value, case .string(let pattern)? = s["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path) does not match \(pattern)")
        }
        if case .integer(let n) = value {
            if case .integer(let low)? = s["minimum"], n < low { problems.append("\(path) is below \(low)") }
            if case .integer(let high)? = s["maximum"], n > high { problems.append("\(path) is above \(high)") }
        }
        if case .array(let items) = value {
            if case .integer(let n)? = s["minItems"], items.count < n { problems.append("\(path) has fewer than \(n) items") }
            if case .integer(let n)? = s["maxItems"], items.count > n { problems.append("\(path) has more than \(n) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { problems += validate(item, against: itemSchema, at: "\(path)[\(i)]") }
            }
        }
        if case .object(let members) = value {
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            if case .array(let required)? = s["required"] {
                for case .string(let name) in required where members[name] == nil { problems.append("\(path).\(name) is missing") }
            }
            for (name, member) in members {
                if let names = s["propertyNames"] { problems += validate(.string(name), against: names, at: "\(path) key \(name)") }
                if let property = properties[name] {
                    problems += validate(member, against: property, at: "\(path).\(name)")
                } else if case .bool(false)? = s["additionalProperties"] {
                    problems.append("\(path).\(name) is not documented")
                } else if let extra = s["additionalProperties"], case .object = extra {
                    problems += validate(member, against: extra, at: "\(path).\(name)")
                }
            }
        }
        return problems
    }

    /// Follows `$ref`s within the document.
    static func resolve(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value, case .string(let ref)? = o["$ref"], ref.hasPrefix("#/") else { return value }
        let keys = ref.dropFirst(2).split(separator: "/").map(String.init)
        return field(document, keys).map(resolve) ?? .null
    }

    static func field(_ value: JSONValue, _ keys: String...) -> JSONValue? { field(value, keys) }

    static func field(_ value: JSONValue, _ keys: [String]) -> JSONValue? {
        var current = value
        for key in keys {
            guard case .object(let o) = current, let next = o[key] else { return nil }
            current = next
        }
        return current
    }
}
