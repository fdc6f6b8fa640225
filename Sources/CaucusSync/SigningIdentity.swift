import CaucusCore
import Crypto
import Foundation

/// The replica's Ed25519 key pair, kept in its database: made once, at the
/// first need (normally `init`), and used to sign every changeset it exports.
public enum SigningIdentity {
    static let settingKey = "signing_key"

    /// The replica's private key, created and stored when it has none.
    ///
    /// - Throws: `StoreError` when the database cannot be written.
    package static func privateKey(of store: PartyStore) throws -> Curve25519.Signing.PrivateKey {
        if let value = try store.setting(settingKey), let data = Data.fromDatabaseValue(value),
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) {
            return key
        }
        let key = Curve25519.Signing.PrivateKey()
        try store.setSetting(settingKey, key.rawRepresentation)
        try store.setReplicaKey(store.localReplica.id, editor: store.localReplica.editor,
                                publicKey: [UInt8](key.publicKey.rawRepresentation), trust: .self)
        return key
    }

    /// The replica's public key as 64 hex digits, as `caucus key` prints it.
    public static func publicKeyHex(of store: PartyStore) throws -> String {
        Hex.string([UInt8](try privateKey(of: store).publicKey.rawRepresentation))
    }
}
