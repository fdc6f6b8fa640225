import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus.Trust {
    /// `caucus trust mode`.
    struct Mode: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "mode",
            abstract: "Print or set the trust mode: pin (accept and pin unknown editors' keys) or strict (refuse them).",
            discussion: "Example: caucus trust mode strict"
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new mode, pin or strict; without it, the mode is printed.", valueName: "mode"))
        var mode: String?

        func validate() throws {
            if let mode, TrustStore.Mode(rawValue: mode) == nil {
                throw ValidationError("the mode must be pin or strict")
            }
        }

        func execute() throws {
            let trust = TrustStore(try global.openStore())
            if let mode, let newMode = TrustStore.Mode(rawValue: mode) {
                try trust.setMode(newMode)
                Console.message("Trust mode is now \(newMode.rawValue).")
            } else {
                print(try trust.mode().rawValue)
            }
        }
    }
}
