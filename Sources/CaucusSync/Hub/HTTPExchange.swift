import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request and its response over a connection of its own, blocking, for the
/// client's few requests (`caucus push`, `pull`, `sync`): no connection pool, no redirects.
///
/// Every socket call has a deadline (`timeout` seconds of silence), so that a hub that stops
/// answering ends in ``HubClientError/connectionLost(_:reason:)`` rather than a hang.
struct HTTPExchange {
    let url: HubURL
    let timeout: Int

    /// What came back: the status, the headers (names lower-cased), and the body when it was read into memory.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// Where a response's body goes.
    enum BodySink {
        /// Into ``Response/body``, at most this many bytes.
        case memory(max: Int)
        /// Into a new file at this path, with the bytes so far reported to `progress`.
        case file(String, progress: (Int) -> Void)
    }

    /// Sends the request, with its body from `bodyFile` or `body`, and reads the answer into `sink`.
    func send(method: String, target: String, headers: [(String, String)], body: [UInt8] = [], bodyFile: String? = nil,
              sink: BodySink = .memory(max: 16 << 20)) throws -> Response {
        let socket = try connect()
        defer { close(socket) }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(url.host):\(url.port)\r\nConnection: close\r\nUser-Agent: caucus\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let length = try bodyFile.map { try fileSize($0) } ?? body.count
        head += "Content-Length: \(length)\r\n\r\n"
        try write(socket, Array(head.utf8))
        if let bodyFile {
            guard let handle = FileHandle(forReadingAtPath: bodyFile) else { throw HubClientError.cannotReadFile(bodyFile) }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try write(socket, [UInt8](chunk)) }
        } else if !body.isEmpty {
            try write(socket, body)
        }
        var reader = SocketReader(socket: socket, url: url)
        let (status, responseHeaders) = try reader.readHead()
        var response = Response(status: status, headers: responseHeaders, body: [])
        let chunked = responseHeaders["transfer-encoding"]?.lowercased().contains("chunked") ?? false
        let declared = responseHeaders["content-length"].flatMap(Int.init)
        if status == 204 || method == "HEAD" { return response }
        switch sink {
        case .memory(let max):
            try reader.readBody(chunked: chunked, length: declared) { bytes in
                guard response.body.count + bytes.count <= max else { throw HubClientError.badResponse(url.description, "an answer larger than \(max) bytes") }
                response.body.append(contentsOf: bytes)
            }
        case .file(let path, let progress):
            guard status == 200 else {
                try reader.readBody(chunked: chunked, length: declared) { response.body.append(contentsOf: $0.prefix(1 << 20)) }
                return response
            }
            guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
                throw HubClientError.cannotWriteFile(path)
            }
            defer { try? out.close() }
            var received = 0
            try reader.readBody(chunked: chunked, length: declared) { bytes in
                try out.write(contentsOf: bytes)
                received += bytes.count
                progress(received)
            }
        }
        return response
    }

    private func fileSize(_ path: String) throws -> Int {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { throw HubClientError.cannotReadFile(path) }
        return size
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(url.host, String(url.port), &hints, &list)
        guard status == 0, let first = list else {
            throw HubClientError.unreachable(url.description, reason: "cannot resolve \(url.host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = ECONNREFUSED
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = errno; continue }
            var limit = timeval(tv_sec: timeout, tv_usec: 0)
            // On Linux the send timeout also bounds connect().
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            lastError = errno
            close(fd)
        }
        throw HubClientError.unreachable(url.description, reason: String(cString: strerror(lastError)))
    }

    private func write(_ socket: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HubClientError.connectionLost(url.description, reason: "the connection broke while sending: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }
}

/// Reads an HTTP/1.1 response from a socket, through a buffer.
private struct SocketReader {
    let socket: Int32
    let url: HubURL
    var buffer: [UInt8] = []
    var position = 0

    init(socket: Int32, url: HubURL) {
        self.socket = socket
        self.url = url
    }

    /// Reads more bytes; false at the end of the stream.
    mutating func fill() throws -> Bool {
        if position > 0 && position == buffer.count { buffer.removeAll(keepingCapacity: true); position = 0 }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let why = errno == EAGAIN || errno == EWOULDBLOCK ? "no answer within the time allowed" : String(cString: strerror(errno))
                throw HubClientError.connectionLost(url.description, reason: why)
            }
            if n == 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    mutating func line() throws -> String {
        while true {
            if let end = buffer[position...].firstIndex(of: 0x0A) {
                var bytes = buffer[position..<end]
                if bytes.last == 0x0D { bytes = bytes.dropLast() }
                position = end + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            guard buffer.count - position < 64 << 10 else { throw HubClientError.badResponse(url.description, "a header line longer than 64 KiB") }
            guard try fill() else { throw HubClientError.connectionLost(url.description, reason: "the connection closed before the answer was complete") }
        }
    }

    mutating func readHead() throws -> (Int, [String: String]) {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw HubClientError.badResponse(url.description, "not an HTTP answer: \(statusLine.prefix(60))")
        }
        var headers: [String: String] = [:]
        while true {
            let header = try line()
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: ":") else { throw HubClientError.badResponse(url.description, "a malformed header line") }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    mutating func readBody(chunked: Bool, length: Int?, _ take: ([UInt8]) throws -> Void) throws {
        let cut = HubClientError.connectionLost(url.description, reason: "the connection closed before the answer was complete")
        if chunked {
            while true {
                let sizeLine = try line()
                guard let digits = sizeLine.split(separator: ";").first,
                      let size = Int(digits.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                    throw HubClientError.badResponse(url.description, "a malformed chunk size")
                }
                if size == 0 {
                    while try !line().isEmpty {}
                    return
                }
                try exactly(size, take, cut)
                guard try line().isEmpty else { throw HubClientError.badResponse(url.description, "a chunk not ended by CRLF") }
            }
        } else if let length {
            try exactly(length, take, cut)
        } else {
            while true {
                if position < buffer.count { try take(Array(buffer[position...])); position = buffer.count }
                guard try fill() else { return }
            }
        }
    }

    private mutating func exactly(_ count: Int, _ take: ([UInt8]) throws -> Void, _ cut: HubClientError) throws {
        var remaining = count
        while remaining > 0 {
            if position == buffer.count { guard try fill() else { throw cut } }
            let n = min(remaining, buffer.count - position)
            try take(Array(buffer[position..<(position + n)]))
            position += n
            remaining -= n
        }
    }
}
