import ArgumentParser

/// `adhere-bench parse`: vasprun.xml parsing against pymatgen and xmllint.
struct ParseBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Benchmark: vasprun.xml parsing against pymatgen and xmllint.")

    func run() async throws { print("adhere-bench parse: not implemented yet") }
}
