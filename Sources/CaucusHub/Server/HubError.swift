import CaucusJSON
import HTTPTypes
import Hummingbird

/// A refused request, as the hub answers it: a status and a JSON body
/// `{"error": {"code": …, "message": …}}` (`Schema/HUB-PROTOCOL.md`, "Errors").
public struct HubError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The protocol's code for the problem.
    public var code: String
    /// A sentence for a person.
    public var message: String

    /// A refusal with `status`, `code` and `message`.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The code and message, as a log line has them.
    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body.
    var json: String {
        #"{"error":{"code":\#(JSONText.quoted(code)),"message":\#(JSONText.quoted(message))}}"#
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if status == .serviceUnavailable { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func badRequest(_ message: String) -> HubError { HubError(.badRequest, "bad_request", message) }
    static func forbidden(_ message: String) -> HubError { HubError(.forbidden, "forbidden", message) }
    static let notFound = HubError(.notFound, "not_found", "no such endpoint")
}

/// Answers every error thrown below it as a ``HubError``, so that no refusal leaves without a
/// JSON body: the router's own 404s and 405s, a body that broke a limit, a storage that failed.
struct HubErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HubError {
            if error.status.code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
            throw error
        } catch let error as HTTPError {
            switch error.status {
            case .notFound, .methodNotAllowed: throw HubError.notFound
            case .contentTooLarge: throw HubError(.contentTooLarge, "body_too_large", "the request body is larger than this hub accepts")
            default: throw HubError(error.status, "bad_request", error.body ?? "the request was refused")
            }
        } catch let error as HubStorageError {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            throw HubError(.serviceUnavailable, "unavailable", "the hub's storage failed; try again")
        } catch is CancellationError {
            throw HubError(.serviceUnavailable, "unavailable", "the hub is stopping; try again")
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            throw HubError(.internalServerError, "internal_error", "the hub failed to answer; its log says why")
        }
    }
}
