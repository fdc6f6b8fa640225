import ArgumentParser
import Foundation

extension Caucus {
    /// Runs the command line. Help, version and completion requests print as usual; a usage
    /// mistake is the one line of its ``UsageError``, exiting with 64, instead of the usage dump.
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
            let commands = configuration.subcommands.map { $0._commandName }
            Console.error(UsageError(error, arguments: arguments, commands: commands).description)
            Foundation.exit(code.rawValue)
        }
    }
}
