import ArgumentParser

/// `adhere-bench match`: lattice matching against pymatgen's ZSLGenerator.
struct MatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Benchmark: lattice matching against pymatgen's ZSLGenerator.")

    func run() async throws { print("adhere-bench match: not implemented yet") }
}
