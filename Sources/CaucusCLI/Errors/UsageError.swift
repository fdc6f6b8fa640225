import ArgumentParser
import CaucusCore
import Foundation

/// A command line ArgumentParser refused, as the one line `caucus` prints for it:
/// `caucus: error: MESSAGE; see `caucus CMD --help``, exiting with 64.
///
/// The message is ArgumentParser's own, as `message(for:)` gives it, and is not reworded; only a
/// mistyped command name gets a message of ours, computed from the list of command names. The
/// `ValidationError`s our commands throw are written as they are printed: lower case, with no
/// final period, since the hint follows them.
struct UsageError: CustomStringConvertible {
    /// What is wrong with the line.
    enum Problem: Equatable {
        /// ArgumentParser's message, made one line.
        case refused(String)
        /// The first word names no command; `nearest` is the command name closest to it.
        case unknownCommand(String, nearest: String)
    }

    /// What is wrong with the line.
    var problem: Problem
    /// The command the line names, whose help the message points to; nil for the root.
    var command: String?

    /// The usage error of `arguments` (without the program name) that `error` reports.
    ///
    /// - Parameters:
    ///   - commands: the names of the root's subcommands.
    init(_ error: any Error, arguments: [String], commands: [String]) {
        command = arguments.first(where: commands.contains)
        if command == nil, let word = arguments.first(where: { !$0.hasPrefix("-") }),
           let nearest = commands.filter({ Levenshtein.distance($0, word) <= 2 }).sorted().first {
            problem = .unknownCommand(word, nearest: nearest)
        } else {
            let lines = Caucus.message(for: error).split(whereSeparator: \.isNewline)
            problem = .refused(lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " "))
        }
    }

    /// The line's text after `caucus: error: `.
    var description: String {
        let help = "`caucus \(command.map { $0 + " " } ?? "")--help`"
        switch problem {
        case .unknownCommand(let word, let nearest):
            return "no command '\(word)'; did you mean '\(nearest)'? See \(help)."
        case .refused(let message):
            // A message that ends a sentence gets the hint as a sentence of its own.
            return message.last.map { ".?!".contains($0) } == true ? "\(message) See \(help)." : "\(message); see \(help)"
        }
    }
}
