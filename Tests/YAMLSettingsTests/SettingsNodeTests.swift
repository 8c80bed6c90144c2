import Testing
@testable import YAMLSettings

/// Typed reading of user-edited YAML: unknown keys with suggestions, ranges, finiteness, lines.
@Suite struct SettingsNodeTests {
    func root(_ yaml: String) throws -> SettingsNode { try SettingsDocument.root(text: yaml, file: "s.yaml") }

    @Test func unknownKeyNamesLineAndNearestKey() throws {
        let error = #expect(throws: SettingsError.self) {
            _ = try root("a: 1\nbulk_lattice_A: 3.5\n").mapping(keys: ["a", "bulk_lattice_a"])
        }
        #expect(error?.line == 2)
        #expect(error?.description == "s.yaml:2: bulk_lattice_A: unknown key; did you mean bulk_lattice_a?")
    }

    @Test func suggestionsFoldCaseAndSeparatorsThenEditDistance() {
        #expect(KeySuggestion.nearest(to: "cpusPerTask", in: ["nodes", "cpus_per_task"]) == "cpus_per_task")
        #expect(KeySuggestion.nearest(to: "layres", in: ["layers", "miller"]) == "layers")
        #expect(KeySuggestion.nearest(to: "zzz", in: ["layers", "miller"]) == nil)
        // Levenshtein("kitten", "sitting") = 3, the textbook example.
        #expect(KeySuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test func keyGivenTwiceIsAnError() throws {
        // libyaml's composer refuses it (at the mapping's line), before our own check would.
        let error = #expect(throws: SettingsError.self) { _ = try root("a: 1\nb: 2\na: 3\n").mapping(keys: ["a", "b"]) }
        #expect(error?.line == 1)
        #expect(error?.problem == "not valid YAML: a key is given twice: a")
    }

    @Test(arguments: [".inf", "-.inf", ".nan", "1e400"])
    func nonFiniteNumbersAreRefused(_ text: String) throws {
        let map = try root("x: \(text)\n").mapping(keys: ["x"])
        let error = #expect(throws: SettingsError.self) { _ = try map.required("x").number(in: 0...10, "a length in Å") }
        #expect(error?.problem.contains("finite") == true, "\(String(describing: error))")
        #expect(error?.line == 1)
    }

    @Test func numbersAndIntegersOutsideTheirRangeNameTheRange() throws {
        let map = try root("x: 1e12\nn: 4294967296\nt: three\n").mapping(keys: ["x", "n", "t"])
        let e1 = #expect(throws: SettingsError.self) { _ = try map.required("x").number(in: 5...100, "a thickness in Å") }
        #expect(e1?.description == "s.yaml:1: x: expected a thickness in Å in 5…100, found '1e12'")
        let e2 = #expect(throws: SettingsError.self) { _ = try map.required("n").integer(in: -20...20, "cells") }
        #expect(e2?.description == "s.yaml:2: n: expected a whole number of cells in -20…20, found 4294967296")
        let e3 = #expect(throws: SettingsError.self) { _ = try map.required("t").integer(in: 1...50, "atomic planes") }
        #expect(e3?.line == 3)
        #expect(try map.required("x").number(in: 0...1e13, "x") == 1e12)
    }

    @Test func missingKeyAndEmptyValueAreDifferentErrors() throws {
        let map = try root("top:\n  a:\n").mapping(keys: ["top"]).required("top").mapping(keys: ["a", "b"])
        let empty = #expect(throws: SettingsError.self) { _ = try map.required("a") }
        #expect(empty?.description == "s.yaml:2: top.a: missing value")
        let missing = #expect(throws: SettingsError.self) { _ = try map.required("b") }
        #expect(missing?.description == "s.yaml:2: top.b: missing key")
    }

    @Test func oversizedAndInvalidDocumentsAreRefusedWithoutCrashing() {
        let big = String(repeating: "# padding\n", count: 120_000)
        #expect(throws: SettingsError.self) { _ = try root(big) }
        let broken = #expect(throws: SettingsError.self) { _ = try root("a: [1, 2\nb: 3\n") }
        #expect(broken?.problem.hasPrefix("not valid YAML") == true)
        #expect(throws: SettingsError.self) { _ = try root("") }
    }
}
