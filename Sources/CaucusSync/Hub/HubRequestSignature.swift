import CaucusCore
import Crypto
import Foundation

/// The signature that authenticates a request to a hub (`Schema/HUB-PROTOCOL.md`,
/// "Authentication"): the editor's replica key over the request's method, target, time,
/// nonce and body digest. One implementation, for the client that signs and the hub that checks.
///
/// ```swift
/// let signed = HubRequestSignature.sign(method: "POST", target: "/v1/changesets",
///                                       bodyDigest: digest, key: key, time: now)
/// for (name, value) in signed.headers { request.headers.add(name: name, value: value) }
/// ```
public struct HubRequestSignature: Sendable, Equatable {
    /// The names of the five headers, in the order the protocol lists them.
    public enum Header {
        /// The editor's public key.
        public static let key = "Caucus-Key"
        /// The request's time.
        public static let time = "Caucus-Time"
        /// The request's nonce.
        public static let nonce = "Caucus-Nonce"
        /// The SHA-256 of the body.
        public static let bodyDigest = "Caucus-Body-SHA256"
        /// The signature.
        public static let signature = "Caucus-Signature"
    }

    /// The signer's Ed25519 public key (32 bytes).
    public var publicKey: [UInt8]
    /// Seconds since 1970.
    public var time: Int64
    /// 16 random bytes.
    public var nonce: [UInt8]
    /// The SHA-256 of the body (32 bytes).
    public var bodyDigest: [UInt8]
    /// The Ed25519 signature of ``signedText(method:target:)`` (64 bytes).
    public var signature: [UInt8]

    /// The SHA-256 of no bytes: the body digest of a request without a body.
    public static let emptyBodyDigest = [UInt8](SHA256.hash(data: [UInt8]()))

    /// Signs a request with `key`.
    public static func sign(method: String, target: String, bodyDigest: [UInt8],
                            key: Curve25519.Signing.PrivateKey, time: Int64) throws -> HubRequestSignature {
        var nonce = [UInt8](repeating: 0, count: 16)
        for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255) }
        var signed = HubRequestSignature(publicKey: [UInt8](key.publicKey.rawRepresentation), time: time, nonce: nonce,
                                         bodyDigest: bodyDigest, signature: [])
        signed.signature = [UInt8](try key.signature(for: signed.signedText(method: method, target: target)))
        return signed
    }

    /// The headers that carry the signature.
    public var headers: [(name: String, value: String)] {
        [(Header.key, Hex.string(publicKey)), (Header.time, String(time)), (Header.nonce, Hex.string(nonce)),
         (Header.bodyDigest, Hex.string(bodyDigest)), (Header.signature, Hex.string(signature))]
    }

    /// Reads the five headers through `value(name)`.
    ///
    /// - Throws: ``HubRequestError/missingHeader(_:)`` or ``HubRequestError/malformedHeader(_:)``.
    public init(header value: (String) -> String?) throws {
        func hex(_ name: String, bytes: Int) throws -> [UInt8] {
            guard let text = value(name) else { throw HubRequestError.missingHeader(name) }
            guard text.utf8.count == bytes * 2, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
                  let decoded = Hex.bytes(text) else { throw HubRequestError.malformedHeader(name) }
            return decoded
        }
        publicKey = try hex(Header.key, bytes: 32)
        guard let timeText = value(Header.time) else { throw HubRequestError.missingHeader(Header.time) }
        guard timeText.utf8.count <= 19, timeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let t = Int64(timeText) else {
            throw HubRequestError.malformedHeader(Header.time)
        }
        time = t
        nonce = try hex(Header.nonce, bytes: 16)
        bodyDigest = try hex(Header.bodyDigest, bytes: 32)
        signature = try hex(Header.signature, bytes: 64)
    }

    init(publicKey: [UInt8], time: Int64, nonce: [UInt8], bodyDigest: [UInt8], signature: [UInt8]) {
        self.publicKey = publicKey
        self.time = time
        self.nonce = nonce
        self.bodyDigest = bodyDigest
        self.signature = signature
    }

    /// The text the signature covers: six lines, each ended by a newline.
    public func signedText(method: String, target: String) -> [UInt8] {
        Array("CAUCUS-HUB-1\n\(method.uppercased())\n\(target)\n\(time)\n\(Hex.string(nonce))\n\(Hex.string(bodyDigest))\n".utf8)
    }

    /// Whether the signature is the key's over this request.
    public func verifies(method: String, target: String) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: signedText(method: method, target: target))
    }
}

/// Why a request's authentication headers were refused.
public enum HubRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header is missing.
    case missingHeader(String)
    /// A header is not in its form.
    case malformedHeader(String)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .missingHeader(let h): return "the request has no \(h) header"
        case .malformedHeader(let h): return "the request's \(h) header is malformed"
        }
    }
}
