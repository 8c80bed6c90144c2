import ArgumentParser
import Foundation
import Crystal
import Engines
import Report
import Slurm
import VASP
import YAMLSettings

/// The `adhere` command: Li-metal interface adhesion studies with VASP on Slurm.
///
/// The one place where errors are printed and exit codes chosen: 0 success, 1 the work failed
/// (one line on stderr, `file:line: error: …` when a file is to blame), 64 bad usage
/// (swift-argument-parser prints the subcommand's usage). Commands only `throw`.
@main
struct Adhere: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adhere",
        abstract: "Build, run and analyse Li(001)|X interface adhesion studies with VASP on Slurm.",
        discussion: """
            A study goes: init → build (slabs, interfaces, VASP inputs) → submit (Slurm) → collect \
            (vasprun.xml → archive.h5) → report (W_ad, contact angle). `adhere run` does all of it \
            and can be run again to resume. Exit status: 0 success, 1 the work failed, 64 bad usage.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, PlanCommand.self, BuildCommand.self, RunCommand.self,
            SubmitCommand.self, StatusCommand.self, CancelCommand.self, RetryCommand.self,
            CollectCommand.self, ReportCommand.self, WadCommand.self,
            StructureCommand.self, SlabCommand.self, MatchCommand.self, InterfaceCommand.self,
            InputsCommand.self, ParseCommand.self,
        ]
    )

    static func main() async {
        var command: ParsableCommand
        do { command = try await asyncParseAsRoot(nil) } catch {
            exit(withError: error)  // usage errors and --help/--version: the parser's text and code
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(withError: code)
        } catch where exitCode(for: error) != .failure {
            exit(withError: error)  // `adhere help CMD`, --help or usage raised while running: the parser's text
        } catch {
            FileHandle.standardError.write(Data((ErrorLine.text(for: error) + "\n").utf8))
            exit(withError: ExitCode.failure)
        }
    }
}

/// A failure a command itself finds (not a library error): one line for the user, with the
/// file to blame when there is one.
struct CommandFailure: LocatedError, CustomStringConvertible {
    /// The file to blame, if any.
    var file: String?
    /// What went wrong and what to do.
    var message: String
    init(_ message: String, file: String? = nil) {
        self.message = message
        self.file = file
    }
    var errorLocation: String? { file }
    var errorMessage: String { message }
    var description: String { file.map { "\($0): \(message)" } ?? message }
}

/// An error that knows the file (and line) to blame, so the line reads `file:line: error: …`.
protocol LocatedError: Error {
    /// `file:line` or `file`; nil when no file is to blame.
    var errorLocation: String? { get }
    /// The problem, without the location.
    var errorMessage: String { get }
}

/// A library error that already says where (`location`: `file:line` or `file`) and what
/// (`message`, without the location).
protocol LibraryLocatedError: LocatedError {
    var location: String { get }
    var message: String { get }
}

extension LibraryLocatedError {
    var errorLocation: String? { location }
    var errorMessage: String { message }
}

extension SettingsError: LibraryLocatedError {}
extension ClusterProfileError: LibraryLocatedError {}
extension InputError: LibraryLocatedError {}
extension EngineError: LibraryLocatedError {}
extension VasprunError: LibraryLocatedError {}
extension StructureFileError: LibraryLocatedError {}
extension ReferenceValuesError: LibraryLocatedError {}

extension JobScript.TemplateError: LocatedError {
    var errorLocation: String? { file }
    var errorMessage: String { message }
}

/// Warnings and notes for the user on standard error (results go to standard output).
enum Diagnostics {
    /// Writes `warning: TEXT` on its own line.
    static func warning(_ text: String) { note("warning: \(text)") }

    /// Writes TEXT on its own line.
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// The one line printed for an error that ends a command.
enum ErrorLine {
    static func text(for error: Error) -> String {
        if let located = error as? LocatedError {
            guard let location = located.errorLocation else { return "error: \(oneLine(located.errorMessage))" }
            return "\(location): error: \(oneLine(located.errorMessage))"
        }
        return "error: \(oneLine(String(describing: error)))"
    }

    /// Multi-line descriptions joined with "; " (one line a user can act on).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
