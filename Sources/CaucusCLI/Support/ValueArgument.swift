import CaucusCore

/// A value typed on the command line, as the field it is for reads it: text, which the field's
/// check turns into a number or a year; or, for an election result, a JSON object.
enum ValueArgument {
    /// The value `text` gives for `field` (the schema's check comes after).
    ///
    /// - Throws: ``CommandFailure`` (bad input) when an election result is not a JSON object.
    static func value(_ text: String, field: String, schema: PartySchema) throws -> FactValue {
        guard schema.field(field)?.type == .electionResult else { return .text(text) }
        do {
            return .object(try FactObject(json: Array(text.utf8)))
        } catch {
            throw CommandFailure(description: "\(field) takes a JSON object, e.g. '{\"election\":\"2005 parliamentary\",\"year\":2005,\"constituency\":\"District 12\",\"share\":8.3,\"place\":2}': \(error)",
                                 exitCode: ExitCodes.badInput)
        }
    }
}
