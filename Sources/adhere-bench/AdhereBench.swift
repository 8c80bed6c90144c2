import ArgumentParser

/// `adhere-bench`: benchmarks that print Adhere's figures side by side with an established
/// tool's (the anchor), in one run. Speed and memory goals live here, never in timed tests.
@main
struct AdhereBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adhere-bench",
        abstract: "Benchmarks comparing Adhere with established tools (pymatgen, xmllint, h5py).",
        subcommands: [ParseBenchmark.self, MatchBenchmark.self, SlurmBenchmark.self, ArchiveBenchmark.self,
                      FuzzBenchmark.self, FuzzWorkerCommand.self, StudyBenchmark.self]
    )
}
