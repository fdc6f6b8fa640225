import ArgumentParser
import Foundation

extension Caucus {
    /// Runs the command line. Help, version and completion requests print as usual; a usage mistake is one
    /// line, `caucus: error: …; see `caucus CMD --help``, exiting with 64, instead of the usage dump.
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if let show = ShowShortcut(arguments) {
                try show.run()
            } else {
                var command = try parseAsRoot(arguments)
                try command.run()
            }
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if error is ExitCode || error is CleanExit || code == .success {
                exit(withError: error)
            }
            let names = Set(configuration.subcommands.map { $0._commandName })
            let sub = arguments.first(where: names.contains)
            var text = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if let first = text.first { text = first.lowercased() + text.dropFirst() }
            if text.hasSuffix(".") { text.removeLast() }
            text = text.replacingOccurrences(of: ". Did you mean", with: "; did you mean")
            if sub == nil, let word = arguments.first(where: { !$0.hasPrefix("-") }),
               let near = names.filter({ editDistance($0, word) <= 2 }).sorted().first {
                text = "no command '\(word)'; did you mean '\(near)'?"
            }
            let help = "`caucus \(sub.map { $0 + " " } ?? "")--help`"
            Console.error(text.hasSuffix("?") ? text + " See " + help + "." : text + "; see " + help)
            Foundation.exit(code.rawValue)
        }
    }
}
