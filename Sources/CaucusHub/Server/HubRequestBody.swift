import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Reads request bodies within the hub's limits (``HubLimits``), checking each against the
/// digest its signature covers: one place for the size, time and digest rules of every endpoint.
struct HubRequestBody {
    let limits: HubLimits
    let clock: @Sendable () -> Int64

    /// The whole body, at most `maxBytes`, whose SHA-256 must be `digest`.
    func bytes(of request: Request, maxBytes: Int, digest: [UInt8]) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        try await receive(request, maxBytes: maxBytes, digest: digest) { bytes.append(contentsOf: $0.readableBytesView) }
        return bytes
    }

    /// Streams the body into a new file at `path`, at most ``HubLimits/maxBodyBytes``; the file is
    /// removed when the body breaks a rule.
    func file(of request: Request, at path: String, digest: [UInt8]) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw HubStorageError.database("cannot create \(path) for a pushed changeset")
        }
        do {
            defer { try? handle.close() }
            try await receive(request, maxBytes: limits.maxBodyBytes, digest: digest) { chunk in
                try handle.write(contentsOf: chunk.readableBytesView)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    private func receive(_ request: Request, maxBytes: Int, digest: [UInt8], _ take: (ByteBuffer) throws -> Void) async throws {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge(maxBytes)
        }
        let deadline = clock() + HubLimits.bodySeconds
        var hasher = SHA256()
        var received = 0
        for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= maxBytes else { throw tooLarge(maxBytes) }
            guard clock() <= deadline else {
                throw HubError(.requestTimeout, "request_timeout", "the body did not arrive within \(HubLimits.bodySeconds) seconds")
            }
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            try take(chunk)
        }
        guard [UInt8](hasher.finalize()) == digest else {
            throw HubError(.badRequest, "body_mismatch", "the body's SHA-256 is not the one its Caucus-Body-SHA256 header and signature give: it was cut or altered")
        }
    }

    private func tooLarge(_ maxBytes: Int) -> HubError {
        HubError(.contentTooLarge, "body_too_large", "the body is larger than the \(maxBytes) bytes this hub accepts")
    }
}
