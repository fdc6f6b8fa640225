import ArgumentParser

/// A subcommand whose errors are printed as one line, `caucus: error: …`, with a non-zero exit.
protocol CaucusCommand: ParsableCommand {
    /// Does the work; errors are reported by ``run()``.
    func execute() throws
}

extension CaucusCommand {
    /// Runs ``execute()``, reporting its errors as one line.
    func run() throws { try reportingErrors(execute) }
}

/// Runs `work`; an error it throws is printed as one line, `caucus: error: …`, and thrown on as
/// the `ExitCode` it maps to (ArgumentParser's own errors are thrown on as they are).
func reportingErrors(_ work: () throws -> Void) throws {
    do {
        try work()
    } catch let error as ExitCode {
        throw error
    } catch let error as any CaucusReportable {
        Console.error(error.message)
        throw ExitCode(error.exitCode)
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Anything else still gets one line, never a trace.
        Console.error(String(describing: error))
        throw ExitCode(ExitCodes.failure)
    }
}
