import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

/// The remote a hub command names (or the only one), and a sync of the replica with it.
struct RemoteArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The remote (default: the only one; see `caucus remote list`).", valueName: "name"))
    var name: String?

    /// The remote's name and a sync with its hub.
    func open(_ store: PartyStore) throws -> (name: String, sync: HubSync) {
        let remote = try HubRemotes(store).url(of: name)
        let client = try HubClient(url: remote.url, key: try SigningIdentity.privateKey(of: store))
        return (remote.name, HubSync(store: store, client: client))
    }
}

extension Caucus {
    /// `caucus push`: sends a hub what it lacks.
    struct Push: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Send a hub the operations it lacks, as one signed changeset.",
            discussion: """
                Exits with 0 when the hub stored the changeset (or lacked nothing), 3 when it refused the request \
                (a key not on its roster, a reader, a revoked key), 6 when it cannot be reached.

                Example: caucus push origin
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var remote: RemoteArgument

        func execute() throws {
            let (name, sync) = try remote.open(try global.openStore())
            let report = try sync.push(time: now(), sending: Report.sending)
            Report.push(report, remote: name, json: output.json)
        }
    }

    /// `caucus pull`: receives and merges what the replica lacks.
    struct Pull: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull",
            abstract: "Receive from a hub the operations this replica lacks and merge them, in changesets of at most 100,000.",
            discussion: """
                Each changeset is checked and imported as `caucus import` does; a dropped connection costs at most the \
                changeset in flight, and pulling again resumes. Exit codes as for `caucus push`.

                Example: caucus pull origin
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var remote: RemoteArgument

        func execute() throws {
            let (name, sync) = try remote.open(try global.openStore())
            let report = try sync.pull(time: now(), progress: Report.progress)
            Report.pull(report, remote: name, json: output.json)
        }
    }

    /// `caucus sync`: push, then pull; with `--watch`, again whenever either side changes.
    struct SyncWithHub: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Push to a hub, then pull from it; with --watch, stay connected and merge changes as they arrive.",
            discussion: """
                With --watch, the command waits on the hub's feed and pulls as soon as anyone pushes, pushes this \
                replica's own changes within seconds, and keeps trying while the hub cannot be reached; stop it with \
                Ctrl-C. Exit codes as for `caucus push`.

                Examples:
                  caucus sync
                  caucus sync origin --watch
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var remote: RemoteArgument

        @Flag(help: ArgumentHelp("Keep syncing until interrupted. Example: caucus sync --watch."))
        var watch = false

        func execute() throws {
            let store = try global.openStore()
            let (name, sync) = try remote.open(store)
            guard watch else {
                Report.push(try sync.push(time: now(), sending: Report.sending), remote: name, json: output.json)
                Report.pull(try sync.pull(time: now(), progress: Report.progress), remote: name, json: output.json)
                return
            }
            // Each round pushes what the hub lacks (asking the hub, so that no edit made during a
            // round is taken for pushed), pulls, then waits on the feed; a hub that cannot be
            // reached, from the start or later, is tried again until the command is stopped.
            var sequence: Int64 = 0
            var first = true
            var waiting = false
            while true {
                do {
                    let pushed = try sync.push(time: now(), sending: Report.sending)
                    if pushed.operations > 0 || first { Report.push(pushed, remote: name, json: output.json) }
                    let pulled = try sync.pull(time: now(), progress: Report.progress)
                    if pulled.operations > 0 || first { Report.pull(pulled, remote: name, json: output.json) }
                    first = false
                    if waiting { Console.message("The hub at \(sync.client.url) answers again."); waiting = false }
                    sequence = try sync.client.feed(after: max(sequence, pulled.sequence), timeout: 10)
                } catch let error as HubClientError where error.exitCode == ExitCodes.hubUnreachable {
                    if !waiting { Console.message("\(error.description); trying again every 5 seconds."); waiting = true }
                    Thread.sleep(forTimeInterval: 5)
                } catch StoreError.busy {
                    // Another caucus is writing the replica: this round's pull waits for the next.
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
    }
}

/// How the hub commands report.
enum Report {
    static func push(_ r: HubSync.PushReport, remote: String, json: Bool) {
        if json {
            var o = JSONObject()
            o.add("remote", remote)
            o.add("pushed", r.operations)
            o.add("added", r.added)
            o.add("sequence", Int(r.sequence))
            Out.line(o.text)
        } else if r.operations == 0 {
            Console.message("\(remote): nothing to push.")
        } else {
            Console.message("\(remote): pushed \(plural(r.operations, "operation")), \(r.added) new to the hub.")
        }
    }

    static func pull(_ r: HubSync.PullReport, remote: String, json: Bool) {
        if json {
            var o = JSONObject()
            o.add("remote", remote)
            o.add("pulled", r.operations)
            o.add("new", r.added)
            o.add("new_conflicts", r.newConflicts)
            o.add("changesets", r.changesets)
            o.add("sequence", Int(r.sequence))
            Out.line(o.text)
        } else if r.operations == 0 {
            Console.message("\(remote): nothing to pull.")
        } else {
            Console.message("\(remote): pulled \(plural(r.operations, "operation")), \(r.added) new here, \(r.newConflicts) new \(r.newConflicts == 1 ? "conflict" : "conflicts").")
        }
    }

    /// A line before a push that takes a while: one of a megabyte or more.
    static func sending(_ export: ChangesetWriter.Report) {
        guard export.bytes >= 1 << 20 else { return }
        Console.message("  sending \(plural(export.operationCount, "operation")) (\(export.bytes / 1024) KiB)…")
    }

    /// A line per changeset received while more follow.
    static func progress(_ r: HubSync.PullReport) {
        Console.message("  received \(plural(r.operations, "operation")) so far (\(r.changesets) \(r.changesets == 1 ? "changeset" : "changesets")), more to come")
    }
}
