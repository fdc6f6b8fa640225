import CaucusSync
import HTTPTypes
import Hummingbird

/// Checks a request's signature headers against the roster (`Schema/HUB-PROTOCOL.md`,
/// "Authentication") before its body is read, in the protocol's order: headers, time,
/// signature, roster, role, nonce. Each check that fails is a ``HubError`` with the protocol's code.
///
/// The nonce is recorded last, so that a request refused for its key or role writes nothing.
struct HubAuthenticator: Sendable {
    let storage: any HubStorage
    let clock: @Sendable () -> Int64

    /// The roster entry of the request's key, once every check has passed, and the body digest
    /// the request's headers promise.
    func authenticate(_ request: Request, needs role: HubRole) async throws -> (entry: RosterEntry, bodyDigest: [UInt8]) {
        let signed: HubRequestSignature
        do {
            signed = try HubRequestSignature { name in request.headers[HTTPField.Name(name)!] }
        } catch let error as HubRequestError {
            throw HubError(.unauthorized, "unauthenticated", error.description)
        }
        let now = clock()
        guard abs(now - signed.time) <= HubLimits.clockWindow else {
            throw HubError(.unauthorized, "stale_request",
                           "the request's time is \(signed.time - now) seconds from the hub's clock; at most \(HubLimits.clockWindow) are allowed")
        }
        guard signed.verifies(method: request.method.rawValue, target: request.head.path ?? "/") else {
            throw HubError(.unauthorized, "bad_signature", "the request's signature does not verify with its key over its method, target, time, nonce and body digest")
        }
        let keyHex = Hex.string(signed.publicKey)
        guard let entry = try await storage.rosterEntry(for: signed.publicKey) else {
            throw HubError(.forbidden, "not_on_roster", "key \(keyHex.prefix(16))… is not on this hub's roster")
        }
        guard entry.revoked == nil else {
            throw HubError(.forbidden, "revoked_key", "key \(keyHex.prefix(16))… (\(entry.editor)) was revoked on this hub")
        }
        guard entry.role >= role else {
            if role == .writer && entry.role == .reader {
                throw HubError(.forbidden, "reader_cannot_push", "\(entry.editor) is a reader on this hub and cannot push")
            }
            throw HubError.forbidden("\(entry.editor) is a \(entry.role.rawValue) on this hub; this needs the \(role.rawValue) role")
        }
        guard try await storage.useNonce(signed.nonce, key: signed.publicKey, time: now) else {
            throw HubError(.unauthorized, "replayed_request", "this request's nonce was already used: the request was replayed")
        }
        return (entry, signed.bodyDigest)
    }
}
