/// A hub's address: `http://HOST[:PORT]`, as `caucus remote add` takes it. A hub answers at its
/// root: a request's signature covers its path, so a proxy in front must not rewrite it.
public struct HubURL: Sendable, Equatable, CustomStringConvertible {
    /// The host name or address (an IPv6 address without its brackets).
    public var host: String
    /// The port (80 when the URL gives none).
    public var port: Int

    /// Reads `text`.
    ///
    /// - Throws: ``HubClientError/invalidURL(_:reason:)``.
    public init(_ text: String) throws {
        func refuse(_ why: String) -> HubClientError { .invalidURL(text, reason: why) }
        if text.hasPrefix("https://") { throw refuse("https is not spoken by this build; reach the hub over http, through a tunnel or on a private network") }
        guard text.hasPrefix("http://") else { throw refuse("a hub's URL starts with http://, e.g. http://127.0.0.1:8080") }
        var rest = Substring(text.dropFirst("http://".count))
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        rest = rest[slash...]
        guard rest.isEmpty || rest == "/" else { throw refuse("a hub answers at its root: give no path, query or fragment") }
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse("an IPv6 address is not closed by ]") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw refuse("text after the IPv6 address") }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains("@") else { throw refuse("no host (and no user or password: a hub has none)") }
        host = String(hostPart)
        if let portPart {
            guard let p = Int(portPart), (1...65535).contains(p) else { throw refuse("the port must be 1 to 65535") }
            port = p
        } else {
            port = 80
        }
    }

    /// The URL in its written form.
    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "http://\(h)\(port == 80 ? "" : ":\(port)")"
    }
}
