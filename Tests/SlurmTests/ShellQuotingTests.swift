import Foundation
import Testing
import TestSupport
@testable import Slurm

/// Quoting is checked against a real shell: /bin/sh must give back exactly the original text
/// and must not run anything hidden in it.
@Suite struct ShellQuotingTests {
    static let hostile = [
        "plain", "with space", "it's", #"double "quoted""#, "$(touch /tmp/adhere-pwned-quote)", "`touch /tmp/adhere-pwned-quote`",
        "a; touch /tmp/adhere-pwned-quote", "line1\nline2", "", "*", "~root", "back\\slash", "'", "''", "-n", "$HOME", "tab\there",
        "ünïcödé ✓", "a|b&c>d<e", "!history", "#comment",
    ]

    @Test func quotedWordsComeBackUnchangedThroughSh() throws {
        try? FileManager.default.removeItem(atPath: "/tmp/adhere-pwned-quote")
        for text in Self.hostile {
            let r = Fixtures.run("/bin/sh", ["-c", "printf '%s' " + ShellQuoting.quote(text)])
            #expect(r.status == 0, "sh failed for \(text.debugDescription): \(r.stderr)")
            #expect(r.stdout == text, "round trip of \(text.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/adhere-pwned-quote"), "a quoted word was executed")
    }

    @Test func commandLineKeepsWordBoundaries() throws {
        let words = ["printf", "%s|", "a b", "c'd", "$(echo x)", "e;f", "g\nh"]
        let r = Fixtures.run("/bin/sh", ["-c", ShellQuoting.commandLine(words)])
        #expect(r.stdout == "a b|c'd|$(echo x)|e;f|g\nh|")
    }

    @Test func harmlessTextStaysBareAndQuotesAreEscaped() {
        #expect(ShellQuoting.quote("vasp_std") == "vasp_std")
        #expect(ShellQuoting.quote("/scratch/run-1/a.b") == "/scratch/run-1/a.b")
        #expect(ShellQuoting.quote("") == "''")
        #expect(ShellQuoting.quote("it's") == #"'it'\''s'"#)
        #expect(ShellQuoting.quote("a b") == "'a b'")
    }
}
