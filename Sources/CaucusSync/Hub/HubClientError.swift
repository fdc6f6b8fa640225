/// Why a request to a hub failed.
public enum HubClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not a hub's.
    case invalidURL(String, reason: String)
    /// The hub could not be reached, for the reason given.
    case unreachable(String, reason: String)
    /// The connection broke, or the hub fell silent, after it was made.
    case connectionLost(String, reason: String)
    /// The hub refused the request: its status, and the protocol's code and message.
    case refused(String, status: Int, code: String, message: String)
    /// The answer is not what the protocol says (not a hub, or a broken one).
    case badResponse(String, String)
    /// A file to send could not be read.
    case cannotReadFile(String)
    /// A file to receive into could not be written.
    case cannotWriteFile(String)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .invalidURL(let url, let why): return "\(url): not a hub URL: \(why)"
        case .unreachable(let url, let why): return "\(url): the hub cannot be reached: \(why)"
        case .connectionLost(let url, let why): return "\(url): the connection to the hub was lost: \(why)"
        case .refused(let url, let status, let code, let message): return "\(url): the hub refused the request (\(status) \(code)): \(message)"
        case .badResponse(let url, let why): return "\(url): not a Caucus hub's answer: \(why)"
        case .cannotReadFile(let path): return "\(path): cannot read the file to send"
        case .cannotWriteFile(let path): return "\(path): cannot write the file received"
        }
    }
}

extension HubClientError {
    /// Whether the same request may succeed a moment later: the connection broke after it was
    /// made, or the hub answered 503 (stopping, or its storage is down).
    var isWorthRetrying: Bool {
        switch self {
        case .connectionLost: return true
        case .refused(_, let status, _, _): return status == 503
        default: return false
        }
    }
}
